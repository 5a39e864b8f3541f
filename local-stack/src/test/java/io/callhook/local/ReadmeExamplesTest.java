// End to end over real HTTP: an in-process local stack runs template.yaml; every JSON answer README.md documents
// (marked blocks and answer tables, see ReadmeExamples) is compared in shape with the stack's real answer to that
// request, and every answer this test produces must be documented.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExamplesTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String NOAH = "noah-" + UUID.randomUUID();
    private static final String ADMIN = UUID.randomUUID().toString().replace("-", "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static final Path README = SamTemplate.find().resolveSibling("README.md");
    /** The real answers by request name, as the README's markers name them. */
    private static final Map<String, Object> ANSWERS = new LinkedHashMap<>();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("agents.json"), "[{\"id\":\"a1\",\"login\":\"emma\","
                + "\"email\":\"emma@example.com\",\"phones\":[\"+4930111\"],\"organizationId\":\"1\","
                + "\"name\":\"Emma Taylor\",\"token\":\""
                + EMMA + "\"},{\"id\":\"a2\",\"login\":\"noah\",\"organizationId\":\"1\",\"token\":\"" + NOAH
                + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN))
                .withAgents(dir.resolve("agents.json")).withAdminToken(ADMIN)
                .withParameters(Map.of("RoutingCacheSeconds", "0", "ReportSupervisors", "1/a1")), LOG.stream());
        webhookAnswers();
        adminAnswers();
        contactAnswers();
        callerLogAnswers();
        callbackAnswers();
        reportAnswers();
        agentApiAnswers();
        localAnswers();
        privacyAnswers();
        organizationAnswers();
        agentAdminAnswers();
        // every real answer, for whoever updates the README
        java.nio.file.Files.writeString(Path.of("target", "readme-answers.json"), LocalJson.writeWithNulls(ANSWERS));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyJsonBlockOfTheReadmeIsMarkedAndValid() {
        assertEquals(List.of(), ReadmeExamples.read(README).problems());
    }

    @Test
    void everyDocumentedAnswerHasTheKeysAndTypesOfTheRealAnswer() {
        List<String> failures = new ArrayList<>();
        for (ReadmeExamples.Example example : ReadmeExamples.read(README).examples()) {
            if (!ANSWERS.containsKey(example.name())) {
                failures.add("README line " + example.line() + ": no scenario in this test answers \""
                        + example.name() + "\"");
                continue;
            }
            for (String difference : ReadmeExamples.differences(example.json(), example.dictionaries(),
                    ANSWERS.get(example.name()))) {
                failures.add("README line " + example.line() + " (" + example.name() + "): " + difference
                        + "\n    the answer: " + LocalJson.writeWithNulls(ANSWERS.get(example.name())));
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** The documented inputs are accepted by the code that reads them, as they are written. */
    @Test
    void theDocumentedLineRulesAndAgentsFileAreAccepted() {
        Map<String, String> inputs = ReadmeExamples.read(README).inputs();
        assertEquals(Set.of("LineRules", "agents file", "Retention"), inputs.keySet());
        io.callhook.config.RetentionPolicy retention = io.callhook.config.RetentionPolicy.parse(
                inputs.get("Retention"), 365);
        assertEquals(new io.callhook.config.RetentionPolicy.Days(30, 30, 30, 730),
                retention.of("org-a", "pbx-berlin"), "the documented retention is read as the README says");
        Set<String> lines = new TreeSet<>(LocalJson.parseObject(inputs.get("LineRules")).keySet());
        lines.remove("*");
        // the example's <organization>/<line> keys name organizations the example deployment maps
        io.callhook.call.MissSettings rules = io.callhook.config.LineSettingsConfig.parse(inputs.get("LineRules"),
                Set.of("voicemail"), null);
        Set<String> read = new TreeSet<>(rules.lines().keySet());
        rules.organizationLines().forEach((organization, named) ->
                named.keySet().forEach(line -> read.add(organization + "/" + line)));
        assertEquals(lines, read, "every line's rules are read");
        assertEquals(((List<?>) LocalJson.parse(inputs.get("agents file"))).size(),
                io.callhook.store.AgentsFile.parse(inputs.get("agents file")).size(), "every agent is read");
    }

    @Test
    void everyAnswerThisTestProducesIsDocumented() {
        TreeSet<String> undocumented = new TreeSet<>(ANSWERS.keySet());
        ReadmeExamples.read(README).examples().forEach(example -> undocumented.remove(example.name()));
        assertEquals(new TreeSet<>(), undocumented, "answers the README has no example of");
    }

    @Test
    void theComparisonSeesAMissingKeyAnExtraKeyAndAnotherType() {
        Object example = LocalJson.parse("{\"a\": \"x\", \"b\": null, \"c\": [{\"d\": 1}]}");
        assertEquals(List.of(), ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": \"y\", \"b\": {\"z\": 1}, \"c\": [{\"d\": 2}, {\"d\": null}]}")));
        assertEquals(1, ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": \"y\", \"c\": [{\"d\": 2}]}")).size(), "a key left out");
        assertEquals(1, ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": \"y\", \"b\": null, \"e\": 1, \"c\": [{\"d\": 2}]}")).size(), "extra");
        assertEquals(1, ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": 1, \"b\": null, \"c\": [{\"d\": 2}]}")).size(), "a number, not a string");
        assertEquals(1, ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": \"y\", \"b\": null, \"c\": [{\"d\": \"2\"}]}")).size(), "in a list");
        assertEquals(1, ReadmeExamples.differences(example, Set.of(),
                LocalJson.parse("{\"a\": \"y\", \"b\": null, \"c\": []}")).size(), "no element to check");
        Object nested = LocalJson.parse("{\"e\": [{\"u\": [\"x\"]}]}");
        assertEquals(List.of(), ReadmeExamples.differences(nested, Set.of(),
                LocalJson.parse("{\"e\": [{\"u\": []}, {\"u\": [\"y\"]}]}")), "one element anywhere will do");
        assertEquals(1, ReadmeExamples.differences(nested, Set.of(),
                LocalJson.parse("{\"e\": [{\"u\": []}, {\"u\": [1]}]}")).size(), "and is checked");
        Object counts = LocalJson.parse("{\"reasons\": {\"busy\": 1}}");
        assertEquals(List.of(), ReadmeExamples.differences(counts, Set.of("reasons"),
                LocalJson.parse("{\"reasons\": {\"abandoned\": 2, \"no_answer\": 1}}")), "keys are data");
        assertEquals(1, ReadmeExamples.differences(counts, Set.of("reasons"),
                LocalJson.parse("{\"reasons\": {\"abandoned\": \"2\"}}")).size(), "values keep their type");
        assertEquals(2, ReadmeExamples.differences(counts, Set.of(),
                LocalJson.parse("{\"reasons\": {\"abandoned\": 2}}")).size(), "a record's keys are fixed");
        assertEquals(List.of("line 2: a ```json block without <!-- answer: ... --> or <!-- input: ... --> before it"),
                ReadmeExamples.parse(List.of("text", "```json", "{}", "```")).problems());
        List<ReadmeExamples.Example> parsed = ReadmeExamples.parse(List.of("<!-- answer: x -->",
                "<!-- answer: y | dictionaries: r -->", "```json", "{\"a\": 1}", "```", "<!-- answer table -->",
                "| request | answer |", "|---|---|", "| `z` | `{\"b\": \"t\\|f\"}` |")).examples();
        assertEquals(List.of("x", "y", "z"), parsed.stream().map(ReadmeExamples.Example::name).toList());
        assertEquals(Set.of("r"), parsed.get(1).dictionaries());
        assertEquals(Map.of("b", "t|f"), parsed.get(2).json());
    }

    // ---- scenarios: each records the real answer under the name the README's marker gives the request ----

    private static void webhookAnswers() throws Exception {
        record("POST /api/v1/cti/{token}", 200, cti("{\"event\":\"newCall\",\"from\":\"493023125741\","
                + "\"to\":\"492214710334\",\"direction\":\"in\",\"callId\":\"" + UUID.randomUUID() + "\"}"));
        ok("PUT", "/api/v1/admin/integrations/local/blocked-numbers/+4930999", ADMIN, "{\"note\":\"spam\"}");
        ok("PUT", "/api/v1/admin/integrations/local/default-caller-id", ADMIN, "{\"callerId\":\"+4930555999\"}");
        record("POST /api/v1/cti/{token} from a blocked caller", 200, cti("{\"event\":\"newCall\","
                + "\"from\":\"+4930999\",\"to\":\"492214710334\",\"direction\":\"in\",\"callId\":\""
                + UUID.randomUUID() + "\"}"));
        record("POST /api/v1/cti/{token} outbound", 200, cti("{\"event\":\"newCall\",\"from\":\"492214710334\","
                + "\"to\":\"+493023125741\",\"direction\":\"out\",\"callId\":\"" + UUID.randomUUID() + "\"}"));
        record("error", 401, send("POST", "/api/v1/cti/not-a-token", null, "{}"));
        record("GET /api/v1/cti/log without a token", 401, send("GET", "/api/v1/cti/log", null, null));
    }

    private static void adminAnswers() throws Exception {
        String base = "/api/v1/admin/integrations/local";
        record("PUT .../blocked-numbers/{number}", 200,
                send("PUT", base + "/blocked-numbers/+49900*", ADMIN, "{\"note\":\"premium-rate numbers\"}"));
        record("PUT .../caller-id-rules/{prefix}", 200,
                send("PUT", base + "/caller-id-rules/+4930", ADMIN, "{\"callerId\":\"+4930555100\"}"));
        ok("PUT", base + "/caller-id-rules/+4940", ADMIN, "{\"callerId\":\"+4940555100\"}");
        record("PUT .../default-caller-id", 200,
                send("PUT", base + "/default-caller-id", ADMIN, "{\"callerId\":\"+4930555999\"}"));
        record("GET /api/v1/admin/integrations/{integration}/routing", 200, send("GET", base + "/routing", ADMIN,
                null));
        record("GET .../blocked-numbers", 200, send("GET", base + "/blocked-numbers", ADMIN, null));
        record("GET .../caller-id-rules", 200, send("GET", base + "/caller-id-rules", ADMIN, null));
        record("DELETE .../blocked-numbers/{number}", 200,
                send("DELETE", base + "/blocked-numbers/+49900*", ADMIN, null));
        record("DELETE .../caller-id-rules/{prefix}", 200,
                send("DELETE", base + "/caller-id-rules/+4940", ADMIN, null));
        record("DELETE .../default-caller-id", 200, send("DELETE", base + "/default-caller-id", ADMIN, null));
        record("PUT .../blocked-numbers/{number} with a bad number", 422,
                send("PUT", base + "/blocked-numbers/call-me", ADMIN, "{\"note\":\"x\"}"));
    }

    private static void contactAnswers() throws Exception {
        String base = "/api/v1/admin/organizations/1";
        record("POST /api/v1/admin/organizations/{organization}/contacts/import", 200, post(base
                + "/contacts/import", "text/csv", "number,name,company,link\n+49 30 23125741,Jane Doe,ACME GmbH,"
                + "https://crm.example.com/contacts/4711\n+4930999888,Max,,\n"));
        record("POST /api/v1/admin/organizations/{organization}/contacts/import with a bad row", 422, post(base
                + "/contacts/import", "text/csv", "number,name\n+4930111222,Ok\n201,Extension\n"));
        record("GET /api/v1/admin/organizations/{organization}/contacts", 200, send("GET", base + "/contacts",
                ADMIN, null));
        record("DELETE /api/v1/admin/organizations/{organization}/contacts/{number}", 200, send("DELETE", base
                + "/contacts/+4930999888", ADMIN, null));
        record("PUT /api/v1/admin/organizations/{organization}/settings", 200, send("PUT", base + "/settings",
                ADMIN, "{\"timeZone\":\"Europe/Berlin\"}"));
        record("GET /api/v1/admin/organizations/{organization}/settings", 200, send("GET", base + "/settings",
                ADMIN, null));
    }

    /** An organization's agents through the admin API (last: it leaves an admin agent a9 in organization 1). */
    private static void agentAdminAnswers() throws Exception {
        String base = "/api/v1/admin/organizations/1/agents";
        record("GET .../agents", 200, send("GET", base, ADMIN, null));
        record("PUT .../agents/{agentId}", 200, send("PUT", base + "/a3", ADMIN, "{\"login\": \"liam\", "
                + "\"email\": \"liam@example.com\", \"phones\": [\"+4930222\"], \"name\": \"Liam Jones\", "
                + "\"role\": \"supervisor\"}"));
        record("GET .../agents/{agentId}", 200, send("GET", base + "/a3", ADMIN, null));
        record("POST .../agents/{agentId}/token", 200, send("POST", base + "/a3/token", ADMIN, null));
        record("DELETE .../agents/{agentId}/token", 200, send("DELETE", base + "/a3/token", ADMIN, null));
        record("DELETE .../agents/{agentId}", 200, send("DELETE", base + "/a3", ADMIN, null));
        ok("PUT", base + "/a9", ADMIN, "{\"login\": \"ava\", \"role\": \"admin\"}");
        record("DELETE .../agents/{agentId} of the last admin", 409, send("DELETE", base + "/a9", ADMIN, null));
    }

    private static void callerLogAnswers() throws Exception {
        String line = "log-" + UUID.randomUUID().toString().substring(0, 8);
        // a full call (every fact known) and a sparse one (only its hangup, no cause): the same keys
        String full = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + full + "\",\"user\":\"emma\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + full + "\",\"cause\":\"busy\"}");
        String second = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"493023125742\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + second + "\",\"queue\":\"" + line + "-next\",\"origCallId\":\"" + full + "\"}");
        cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + second
                + "\",\"answeringNumber\":\"emma\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + second + "\",\"cause\":\"cancel\"}");
        String sparse = UUID.randomUUID().toString();
        cti("{\"event\":\"hangup\",\"callId\":\"" + sparse + "\"}");
        Map<String, Object> log = ok("GET", "/api/v1/cti/log?limit=300", EMMA, null);
        List<Object> entries = new ArrayList<>();
        for (Object entry : (List<?>) log.get("entries")) {
            Object id = ((Map<?, ?>) entry).get("callId");
            if (id.equals("local:" + full) || id.equals("local:" + second) || id.equals("local:" + sparse)) {
                entries.add(entry);
            }
        }
        assertEquals(3, entries.size(), "the three calls are in the log");
        ANSWERS.put("a contact object", ((Map<?, ?>) entries.get(0)).get("fromContact"));
        Map<String, Object> page = new LinkedHashMap<>(log);
        page.put("entries", entries);
        ANSWERS.put("GET /api/v1/cti/log", page);
        record("GET /api/v1/cti/log?limit=1", 200, send("GET", "/api/v1/cti/log?limit=1&queue=" + line, EMMA,
                null));

        record("POST /api/v1/cti/done/{callId}", 200, send("POST", "/api/v1/cti/done/local:" + full, EMMA,
                "{\"done\":true}"));
        record("POST /api/v1/cti/done/bulk", 200, send("POST", "/api/v1/cti/done/bulk", EMMA,
                "{\"ids\":[\"local:" + full + "\",\"local:" + second + "\"]}"));
        record("GET /api/v1/me", 200, send("GET", "/api/v1/me", EMMA, null));

        String missedLine = "missed-" + UUID.randomUUID().toString().substring(0, 8);
        String lastMissed = null;
        for (String cause : List.of("busy", "cancel")) {
            String callId = UUID.randomUUID().toString();
            lastMissed = callId;
            cti("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\",\"direction\":\"in\","
                    + "\"callId\":\"" + callId + "\",\"user\":\"emma\",\"queue\":\"" + missedLine + "\"}");
            cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"cause\":\"" + cause
                    + "\"}");
        }
        String path = "/api/v1/missed-calls?line=" + missedLine + "&limit=1";
        // both entries listed and counted before the page of one is read (a page of one carries a token whether or
        // not the second entry is listed yet, and the answer reads entries before counts)
        eventually("/api/v1/missed-calls?line=" + missedLine, answer -> answer.get("entries") instanceof List<?> all
                && all.size() == 2 && answer.get("counts") instanceof List<?> counts && !counts.isEmpty()
                && ((Map<?, ?>) counts.get(0)).get("count").equals(2));
        Map<String, Object> first = eventually(path, answer -> answer.get("nextToken") != null);
        ANSWERS.put("GET /api/v1/missed-calls", first);
        record("GET /api/v1/missed-calls?nextToken", 200, send("GET", path + "&nextToken="
                + java.net.URLEncoder.encode((String) first.get("nextToken"), java.nio.charset.StandardCharsets.UTF_8),
                EMMA, null));
        ANSWERS.put("event MissedCall", event("MissedCall"));
        cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + lastMissed
                + "\",\"answeringNumber\":\"emma\"}");
        ANSWERS.put("event MissedCallRetracted", event("MissedCallRetracted"));
    }

    private static void reportAnswers() throws Exception {
        String line = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        String answered = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930222333\",\"to\":\"+4922100\",\"direction\":\"in\","
                + "\"callId\":\"" + answered + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + answered
                + "\",\"answeringNumber\":\"+4930111\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + answered
                + "\",\"cause\":\"normalClearing\"}");
        String missed = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930222444\",\"to\":\"+4922100\",\"direction\":\"in\","
                + "\"callId\":\"" + missed + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + missed + "\",\"cause\":\"busy\"}");
        ANSWERS.put("GET /api/v1/reports", eventually("/api/v1/reports?line=" + line + "&granularity=hour",
                answer -> ((List<?>) answer.get("rows")).stream()
                        .mapToInt(row -> ((Number) ((Map<?, ?>) row).get("offered")).intValue()).sum() == 2));
        ANSWERS.put("GET /api/v1/reports/agents", eventually("/api/v1/reports/agents",
                answer -> !((List<?>) answer.get("rows")).isEmpty()));
    }

    private static void callbackAnswers() throws Exception {
        String line = "cb-" + UUID.randomUUID().toString().substring(0, 8);
        String missed = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930111222\",\"to\":\"+4922100\",\"direction\":\"in\","
                + "\"callId\":\"" + missed + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + missed + "\",\"cause\":\"cancel\"}");
        Map<String, Object> list = eventually("/api/v1/callbacks?line=" + line,
                answer -> !((List<?>) answer.get("items")).isEmpty());
        ANSWERS.put("GET /api/v1/callbacks", list);
        String item = "/api/v1/callbacks/" + ((Map<?, ?>) ((List<?>) list.get("items")).get(0)).get("itemId");
        record("GET /api/v1/callbacks/{itemId}", 200, send("GET", item, EMMA, null));
        ANSWERS.put("event CallbackOpened", event("CallbackOpened"));
        record("POST /api/v1/callbacks/{itemId}/claim", 200, send("POST", item + "/claim", EMMA, null));
        record("POST /api/v1/callbacks/{itemId}/claim by another agent", 409, send("POST", item + "/claim", NOAH,
                null));
        record("POST /api/v1/callbacks/{itemId}/release", 200, send("POST", item + "/release", EMMA, null));
        Map<String, Object> closed = ok("POST", item + "/close", EMMA, "{\"reason\":\"wrong_number\"}");
        ANSWERS.put("POST /api/v1/callbacks/{itemId}/close", closed);
        ANSWERS.put("a closed item's closure", closed.get("closure"));
        ANSWERS.put("event CallbackClosed", event("CallbackClosed"));
        record("GET /api/v1/callbacks/{itemId} of nobody", 404, send("GET", "/api/v1/callbacks/bm9uZQ", EMMA,
                null));

        // a second caller, called back: the item resolves
        String again = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930333444\",\"to\":\"+4922100\",\"direction\":\"in\","
                + "\"callId\":\"" + again + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + again + "\",\"cause\":\"busy\"}");
        Map<String, Object> open = eventually("/api/v1/callbacks?line=" + line,
                answer -> !((List<?>) answer.get("items")).isEmpty());
        String second = "/api/v1/callbacks/" + ((Map<?, ?>) ((List<?>) open.get("items")).get(0)).get("itemId");
        String callback = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930333444\",\"direction\":\"out\","
                + "\"callId\":\"" + callback + "\",\"queue\":\"" + line + "\",\"user\":\"emma\"}");
        cti("{\"event\":\"answer\",\"direction\":\"out\",\"callId\":\"" + callback
                + "\",\"answeringNumber\":\"+4930333444\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"out\",\"callId\":\"" + callback
                + "\",\"cause\":\"normalClearing\"}");
        Map<String, Object> resolved = eventually(second, answer -> "resolved".equals(answer.get("state")));
        ANSWERS.put("a resolved item's resolution", resolved.get("resolution"));
        ANSWERS.put("event CallbackResolved", event("CallbackResolved"));
        record("GET /api/v1/callbacks/summary", 200, send("GET", "/api/v1/callbacks/summary?line=" + line, EMMA,
                null));
    }

    private static void agentApiAnswers() throws Exception {
        // a call ringing: waiting, listed; picked up, parked, then a transfer from an outbound call, then hung up
        String ringing = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + ringing + "\"}");
        String id = "local:" + ringing;
        HttpResponse<String> list = send("GET", "/call/list", EMMA, null);
        assertEquals(200, list.statusCode(), list.body());
        List<Object> waiting = new ArrayList<>();
        for (Object call : (List<?>) LocalJson.parse(list.body())) {
            if (id.equals(((Map<?, ?>) call).get("id"))) {
                waiting.add(call);
            }
        }
        assertEquals(1, waiting.size(), list.body());
        ANSWERS.put("GET /call/list (each call)", waiting.get(0));
        ANSWERS.put("GET /call/state", ok("GET", "/call/state?call_id=" + id, EMMA, null));
        record("POST /call/pickup", 200, send("POST", "/call/pickup?call_id=" + id, EMMA, null));
        record("POST /call/park", 200, send("POST", "/call/park?call_id=" + id, EMMA, null));
        String outbound = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930111\",\"to\":\"+4922999\",\"direction\":\"out\","
                + "\"callId\":\"" + outbound + "\"}");
        cti("{\"event\":\"answer\",\"direction\":\"out\",\"callId\":\"" + outbound
                + "\",\"answeringNumber\":\"+4930111\"}");
        record("GET /call/transfer", 200, send("GET", "/call/transfer?source=" + id, EMMA, null));
        String other = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + other + "\"}");
        record("POST /call/hangup", 200, send("POST", "/call/hangup?call_id=local:" + other, EMMA, null));
        record("GET /call/state of nobody", 404, send("GET", "/call/state?call_id=local:none", EMMA, null));
        record("GET /call/list without a token", 401, send("GET", "/call/list", null, null));

        String live = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + live + "\"}");
        cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + live + "\",\"answeringNumber\":\"+4930111\"}");
        record("POST /api/v2/me/calls/{id}", 200, send("POST", "/api/v2/me/calls/local:" + live, EMMA,
                "{\"operationName\":\"SetCallDisposition\",\"disposition\":\"Referred\"}"));
        ANSWERS.put("event CallStateChangeMessage", event("CallStateChangeMessage"));
        record("POST /api/v2/me/calls/{id} of nobody", 404, send("POST", "/api/v2/me/calls/local:none", EMMA,
                "{\"operationName\":\"Hangup\"}"));
        record("POST /api/v2/me/calls/{id} without a token", 401, send("POST", "/api/v2/me/calls/local:" + live,
                null, "{\"operationName\":\"Hangup\"}"));
    }

    private static void localAnswers() throws Exception {
        HttpResponse<String> run = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/StaleCallsFunction?time=" + Instant.now().plus(Duration.ofMinutes(31))))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        record("POST /_local/schedules/StaleCallsFunction", 200, run);
    }

    private static void privacyAnswers() throws Exception {
        String admin = "/api/v1/admin/organizations/1";
        cti("{\"event\":\"newCall\",\"from\":\"+49 30 23125799\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"erased-1\",\"queue\":\"support\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"erased-1\",\"cause\":\"cancel\"}");
        HttpResponse<String> started = send("POST", admin + "/erasures", ADMIN,
                "{\"number\": \"030 23125799\", \"countryCode\": \"49\"}");
        record("POST /api/v1/admin/organizations/{organization}/erasures", 202, started);
        String job = admin + "/erasures/" + LocalJson.parseObject(started.body()).get("jobId");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"waiting".equals(ok("GET", job, ADMIN, null).get("state"))) {
            if (Instant.now().isAfter(deadline)) {
                fail("the erasure did not reach its wait: " + ok("GET", job, ADMIN, null));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        record("POST /_local/schedules/ErasureSweepFunction", 200, HTTP.send(HttpRequest.newBuilder(URI.create(
                stack.url() + "/_local/schedules/ErasureSweepFunction?time=" + Instant.now().plus(Duration.ofMinutes(
                        5)))).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        while (!"done".equals(ok("GET", job, ADMIN, null).get("state"))) {
            if (Instant.now().isAfter(deadline)) {
                fail("the erasure did not finish: " + ok("GET", job, ADMIN, null));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        record("GET /api/v1/admin/organizations/{organization}/erasures/{jobId}", 200, send("GET", job, ADMIN, null));
        cti("{\"event\":\"newCall\",\"from\":\"+49 30 23125788\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"exported-1\",\"queue\":\"support\"}");
        HttpResponse<String> exported = send("POST", admin + "/exports", ADMIN,
                "{\"number\": \"030 23125788\", \"countryCode\": \"49\"}");
        assertEquals(1, ((List<?>) ((Map<?, ?>) LocalJson.parseObject(exported.body()).get("tables")).get("calls"))
                .size(), exported.body());
        record("POST /api/v1/admin/organizations/{organization}/exports", 200, exported);
        record("PUT /api/v1/admin/organizations/{organization}/retention", 200, send("PUT", admin + "/retention",
                ADMIN, "{\"calls\": 90, \"missedCalls\": 30, \"callbacks\": 60, \"audit\": 730}"));
        send("PUT", admin + "/retention", ADMIN, "{\"integration\": \"local\", \"calls\": 30}");
        record("GET /api/v1/admin/organizations/{organization}/retention", 200, send("GET", admin + "/retention",
                ADMIN, null));
        HttpResponse<String> audit = send("GET", admin + "/audit?limit=1", ADMIN, null);
        assertEquals(1, ((List<?>) LocalJson.parseObject(audit.body()).get("entries")).size(), audit.body());
        ANSWERS.put("GET /api/v1/admin/organizations/{organization}/audit", LocalJson.parse(send("GET",
                admin + "/audit?limit=300", ADMIN, null).body()));
    }

    /** Last: it maps local explicitly and raises organization 1's shard count. */
    private static void organizationAnswers() throws Exception {
        String integration = "/api/v1/admin/integrations/local/organization";
        record("PUT /api/v1/admin/integrations/{integration}/organization", 200, send("PUT", integration, ADMIN,
                "{\"organization\": \"1\"}"));
        record("PUT /api/v1/admin/integrations/{integration}/organization of an integration with calls", 409,
                send("PUT", integration, ADMIN, "{\"organization\": \"org-b\"}"));
        record("PUT /api/v1/admin/organizations/{organization}/shards", 200, send("PUT",
                "/api/v1/admin/organizations/1/shards", ADMIN, "{\"shards\": 2}"));
        record("PUT /api/v1/admin/organizations/{organization}/shards below the count", 409, send("PUT",
                "/api/v1/admin/organizations/1/shards", ADMIN, "{\"shards\": 1}"));
        record("GET /api/v1/admin/organizations", 200, send("GET", "/api/v1/admin/organizations", ADMIN, null));
    }

    // ---- HTTP ----

    private static void record(String name, int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), name + ": " + response.body());
        assertTrue(ANSWERS.putIfAbsent(name, LocalJson.parse(response.body())) == null, "one answer per " + name);
    }

    private static HttpResponse<String> send(String method, String path, String token, String json)
            throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    private static Map<String, Object> ok(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = send(method, path, token, json);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return LocalJson.parseObject(response.body());
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + path)).header("content-type", contentType)
                .header("authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> cti(String json) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/cti/" + TOKEN, null, json);
        assertEquals(200, response.statusCode(), json + ": " + response.body());
        return response;
    }

    private static Map<String, Object> eventually(String path, Predicate<Map<String, Object>> test)
            throws Exception {
        return TestStacks.eventually(stack, EMMA, path, "the scenario's state", test);
    }

    /** The detail of the latest event of this type the stack's functions published (the stream works behind). */
    private static Object event(String detailType) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Object found = null;
            for (Object event : (List<?>) ok("GET", "/_local/events", null, null).get("events")) {
                if (detailType.equals(((Map<?, ?>) event).get("detail-type"))) {
                    found = ((Map<?, ?>) event).get("detail");
                }
            }
            if (found != null) {
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no " + detailType + " event within 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
