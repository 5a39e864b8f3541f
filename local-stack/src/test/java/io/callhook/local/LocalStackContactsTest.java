// End to end over real HTTP: an in-process local stack with two organizations (integration acme belongs to org-a,
// globex to org-b). Contacts imported as CSV and vCard through the admin API show beside every number (caller log,
// missed calls, worklist, the agent API's call objects), agents by name, the organization's time zone and region
// in GET /api/v1/me; nothing of one organization (contacts, agent names) shows in the other's answers.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackContactsTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String GLOBEX = "globex-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String NOAH = "noah-" + UUID.randomUUID();
    private static final String OLGA = "olga-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String ORG_A_ADMIN = "org-a-admin-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"emma\",\"login\":\"emma\",\"name\":\"Emma Taylor\","
                + "\"phones\":[\"+4930111\"],\"organizationId\":\"org-a\",\"token\":\"" + EMMA + "\"},"
                + "{\"id\":\"noah\",\"login\":\"noah\",\"organizationId\":\"org-a\",\"token\":\"" + NOAH + "\"},"
                + "{\"id\":\"olga\",\"login\":\"olga\",\"name\":\"Olga Berg\",\"phones\":[\"+4930222\"],"
                + "\"organizationId\":\"org-b\",\"token\":\"" + OLGA + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("acme=" + ACME, "globex=" + GLOBEX))
                .withAgents(agents).withAdminToken(OPERATOR)
                .withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b",
                        "OrganizationAdminTokenHashes", "org-a:" + TokenHashes.hashOf(ORG_A_ADMIN),
                        "ConfigCacheSeconds", "0")), LOG.stream());
        // org-a's directory by its own admin (CSV), org-b's by the operator (vCard), the same number in both
        HttpResponse<String> csv = importFile("org-a", ORG_A_ADMIN, "text/csv", "number,name,company,link\n"
                + "+49 30 23125741,Jane Doe,ACME,https://crm.example.com/c/1\n"
                + "0151 99999999,Max Muster,,\n");
        assertEquals(200, csv.statusCode(), csv.body());
        assertEquals(Map.of("organization", "org-a", "format", "csv", "imported", 2, "skipped", 0),
                Json.parseObject(csv.body()));
        HttpResponse<String> vcard = importFile("org-b", OPERATOR, "text/vcard", "BEGIN:VCARD\r\nVERSION:4.0\r\n"
                + "FN:Globex Caller\r\nORG:Globex\r\nTEL;VALUE=uri:tel:+49-30-23125741\r\nEND:VCARD\r\n");
        assertEquals(200, vcard.statusCode(), vcard.body());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theCallerLogShowsTheContactBehindEachNumberAndTheAgentByName() throws Exception {
        String callId = UUID.randomUUID().toString();
        cti(ACME, "{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\"}");
        cti(ACME, "{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"answeringNumber\":\"+4930111\"}");
        Map<?, ?> entry = entry(EMMA, "acme:" + callId);
        assertEquals(Map.of("number", "+493023125741", "display", "030 23125741", "name", "Jane Doe",
                "company", "ACME", "link", "https://crm.example.com/c/1"), entry.get("fromContact"));
        assertEquals("Jane Doe, ACME", entry.get("fromComment"));
        Map<?, ?> to = (Map<?, ?>) entry.get("toContact");
        assertEquals("030 500", to.get("display"));
        assertNull(to.get("name"));
        assertNull(entry.get("toComment"));
        assertEquals("Emma Taylor", entry.get("answeredByName"));

        // answered under the name of org-b's agent: nobody in org-a
        String foreign = UUID.randomUUID().toString();
        cti(ACME, "{\"event\":\"newCall\",\"from\":\"+4930999888\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + foreign + "\"}");
        cti(ACME, "{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + foreign
                + "\",\"answeringNumber\":\"olga\"}");
        Map<?, ?> unknown = entry(NOAH, "acme:" + foreign);
        assertEquals("olga", unknown.get("answeredBy"));
        assertNull(unknown.get("answeredByName"), "another organization's agent is nobody here");

        // org-b sees its own contact for the same number, and never org-a's
        String theirs = UUID.randomUUID().toString();
        cti(GLOBEX, "{\"event\":\"newCall\",\"from\":\"+493023125741\",\"to\":\"+4930700\",\"direction\":\"in\","
                + "\"callId\":\"" + theirs + "\"}");
        Map<?, ?> globex = entry(OLGA, "globex:" + theirs);
        assertEquals("Globex Caller", ((Map<?, ?>) globex.get("fromContact")).get("name"));
        assertEquals("Globex Caller, Globex", globex.get("fromComment"));
        assertTrue(get(OLGA, "/api/v1/cti/log?limit=300").body().indexOf("Jane Doe") < 0, "org-a's contact");
    }

    @Test
    void missedCallsTheWorklistAndCallObjectsShowContactsAndNames() throws Exception {
        String line = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        String callId = UUID.randomUUID().toString();
        cti(ACME, "{\"event\":\"newCall\",\"from\":\"+4915199999999\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        HttpResponse<String> state = get(EMMA, "/call/state?call_id=acme:" + callId);
        assertEquals(200, state.statusCode(), state.body());
        assertEquals("Max Muster", ((Map<?, ?>) ((Map<?, ?>) Json.parseObject(state.body()).get("call"))
                .get("fromContact")).get("name"), state.body());
        cti(ACME, "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"cause\":\"cancel\"}");

        Map<String, Object> missed = TestStacks.eventually(stack, EMMA, "/api/v1/missed-calls?line=" + line,
                "the missed call", answer -> !((List<?>) answer.get("entries")).isEmpty());
        Map<?, ?> missedEntry = (Map<?, ?>) ((List<?>) missed.get("entries")).get(0);
        assertEquals("Max Muster", ((Map<?, ?>) missedEntry.get("fromContact")).get("name"));
        assertEquals("01519 9999999", ((Map<?, ?>) missedEntry.get("fromContact")).get("display"),
                "national, grouped as libphonenumber groups it");

        Map<String, Object> list = TestStacks.eventually(stack, EMMA, "/api/v1/callbacks?line=" + line,
                "the callback item", answer -> !((List<?>) answer.get("items")).isEmpty());
        Map<?, ?> item = (Map<?, ?>) ((List<?>) list.get("items")).get(0);
        assertEquals("Max Muster", ((Map<?, ?>) item.get("contact")).get("name"));
        assertNull(item.get("claimedByName"));
        HttpResponse<String> claimed = TestStacks.send(stack, "POST", "/api/v1/callbacks/" + item.get("itemId")
                + "/claim", EMMA, null);
        assertEquals(200, claimed.statusCode(), claimed.body());
        assertEquals("Emma Taylor", Json.parseObject(claimed.body()).get("claimedByName"));
        HttpResponse<String> refused = TestStacks.send(stack, "POST", "/api/v1/callbacks/" + item.get("itemId")
                + "/claim", NOAH, null);
        assertEquals(409, refused.statusCode(), refused.body());
    }

    @Test
    void importsAreScopedAllOrNothingAndIdempotent() throws Exception {
        HttpResponse<String> foreign = importFile("org-b", ORG_A_ADMIN, "text/csv",
                "number,name\n+4930555000,Intruder\n");
        assertEquals(404, foreign.statusCode(), foreign.body());
        HttpResponse<String> bad = importFile("org-a", ORG_A_ADMIN, "text/csv",
                "number,name\n+4930555111,Fine\nnot-a-number,Broken\n");
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals(Map.of("error", "line 3: \"not-a-number\" is not a phone number (read in region DE)", "line", 3),
                Json.parseObject(bad.body()));
        assertEquals(415, importFile("org-a", ORG_A_ADMIN, "application/pdf", "x").statusCode());
        String contacts = admin("GET", "/api/v1/admin/organizations/org-a/contacts", ORG_A_ADMIN).body();
        assertTrue(!contacts.contains("+4930555111") && !contacts.contains("Intruder"), "nothing written: "
                + contacts);
        String orgB = admin("GET", "/api/v1/admin/organizations/org-b/contacts", OPERATOR).body();
        assertTrue(!orgB.contains("Intruder"), orgB);

        String again = "number,name\n+4930555222,Same\n";
        assertEquals(200, importFile("org-a", ORG_A_ADMIN, "text/csv", again).statusCode());
        assertEquals(200, importFile("org-a", ORG_A_ADMIN, "text/csv", again).statusCode());
        List<?> listed = (List<?>) Json.parseObject(admin("GET", "/api/v1/admin/organizations/org-a/contacts",
                ORG_A_ADMIN).body()).get("contacts");
        assertEquals(1, listed.stream().filter(c -> "+4930555222".equals(((Map<?, ?>) c).get("number"))).count());
        HttpResponse<String> removed = admin("DELETE", "/api/v1/admin/organizations/org-a/contacts/+4930555222",
                ORG_A_ADMIN);
        assertEquals(Map.of("number", "+4930555222", "removed", true), Json.parseObject(removed.body()));
    }

    @Test
    void meAnswersTheAgentsNameAndTheOrganizationsTimeZoneAndRegion() throws Exception {
        Map<String, Object> me = Json.parseObject(get(NOAH, "/api/v1/me").body());
        assertEquals("noah", me.get("name"), "no display name: the login");
        assertEquals("UTC", me.get("timeZone"));
        assertEquals("DE", me.get("defaultRegion"));
        HttpResponse<String> set = TestStacks.send(stack, "PUT", "/api/v1/admin/organizations/org-b/settings",
                OPERATOR, "{\"timeZone\": \"America/Los_Angeles\", \"defaultRegion\": \"US\"}");
        assertEquals(200, set.statusCode(), set.body());
        Map<String, Object> olga = Json.parseObject(get(OLGA, "/api/v1/me").body());
        assertEquals("Olga Berg", olga.get("name"));
        assertEquals("America/Los_Angeles", olga.get("timeZone"));
        assertEquals("US", olga.get("defaultRegion"));
        assertEquals("UTC", Json.parseObject(get(NOAH, "/api/v1/me").body()).get("timeZone"), "org-a unchanged");
        assertEquals(404, TestStacks.send(stack, "PUT", "/api/v1/admin/organizations/org-b/settings", ORG_A_ADMIN,
                "{\"timeZone\": \"Europe/Berlin\"}").statusCode(), "another organization's settings");
        HttpResponse<String> bad = TestStacks.send(stack, "PUT", "/api/v1/admin/organizations/org-a/settings",
                ORG_A_ADMIN, "{\"timeZone\": \"Mars/Olympus\"}");
        assertEquals(422, bad.statusCode(), bad.body());
    }

    // ---- HTTP ----

    private static Map<?, ?> entry(String token, String callId) throws Exception {
        Map<String, Object> log = Json.parseObject(get(token, "/api/v1/cti/log?limit=300").body());
        return (Map<?, ?>) ((List<?>) log.get("entries")).stream()
                .filter(e -> callId.equals(((Map<?, ?>) e).get("callId"))).findFirst()
                .orElseThrow(() -> new AssertionError(callId + " not in " + log));
    }

    private static HttpResponse<String> get(String token, String path) throws Exception {
        return TestStacks.send(stack, "GET", path, token, null);
    }

    private static HttpResponse<String> admin(String method, String path, String token) throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, method, path, token, null);
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static void cti(String token, String json) throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, "POST", "/api/v1/cti/" + token, null, json);
        assertEquals(200, response.statusCode(), json + ": " + response.body());
    }

    static HttpResponse<String> importFile(String organization, String token, String contentType, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/admin/organizations/"
                        + organization + "/contacts/import"))
                .header("content-type", contentType).header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
