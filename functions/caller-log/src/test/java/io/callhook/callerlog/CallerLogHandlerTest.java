// Caller-log API tests: the real handler on the sample events in events/caller-log, calls and missed-call entries
// written by the real stores to the DynamoDB engine over HTTP.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.call.MissedCall;
import io.callhook.config.Environment;
import io.callhook.events.EventBridgePublisher;
import io.callhook.http.AgentAuthentication;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.ReadUnits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerLogHandlerTest {

    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/caller-log");
    static final Instant T0 = Instant.parse("2025-11-23T12:00:00Z");
    static final String AGENT_TOKEN = "local-agent-token-4d7Qx9Lm2Rb8";

    static Environment env;
    static Map<String, String> tables;
    static CallerLogHandler handler;
    static DynamoCallStore calls;
    static DynamoMissedCallStore missed;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        tables = local.createTables();
        env = local.functionEnvironment("CallerLogFunction", tables, Map.of());
        DynamoAgentDirectory.fromEnvironment(local.client(), env).create(
                new Agent("a1", "emma", "emma@chrispresso.com", Set.of("+4930999"), "1"),
                TokenHashes.hashOf(AGENT_TOKEN));
        handler = new CallerLogHandler(env);
        calls = new DynamoCallStore(local.client(), tables.get("CallsTable"), Duration.ofDays(365));
        missed = DynamoMissedCallStore.fromEnvironment(local.client(), env);
        for (int i = 0; i < 70; i++) {
            Instant at = T0.plusSeconds(i);
            String queue = i % 2 == 0 ? "support" : null;
            calls.apply(CallEvent.builder("log-" + i, "pbx", EventType.NEW_CALL, at).direction(Direction.IN)
                    .from("+4930" + i).to("+49221").queue(queue).users(Set.of("Emma Taylor")).ringingAt(at).build());
        }
        calls.apply(hangup("log-69", T0.plusSeconds(100)));
    }

    static CallEvent hangup(String callId, Instant at) {
        return CallEvent.builder(callId, "pbx", EventType.HANGUP, at).direction(Direction.IN).endedAt(at)
                .cause("cancel", Cause.CANCEL).build();
    }

    static APIGatewayV2HTTPEvent load(String name) {
        return EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(name + ".json").toString());
    }

    static APIGatewayV2HTTPEvent query(String name, String query) {
        APIGatewayV2HTTPEvent event = load(name);
        event.setRawQueryString(query);
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        event.setQueryStringParameters(parameters);
        return event;
    }

    static APIGatewayV2HTTPEvent done(String callId, String body) {
        APIGatewayV2HTTPEvent event = load("done");
        event.setPathParameters(Map.of("callId", callId));
        event.setBody(body);
        return event;
    }

    static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(APIGatewayV2HTTPResponse response) {
        assertEquals(200, response.getStatusCode(), response.getBody());
        return (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("entries");
    }

    static void assertError(int status, APIGatewayV2HTTPResponse response, String mentions) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        Map<String, Object> body = Json.parseObject(response.getBody());
        assertEquals(Set.of("error"), body.keySet());
        assertTrue(body.get("error").toString().contains(mentions), body.get("error").toString());
    }

    @Test
    void everyRouteNeedsAnAgentTokenByBearerOrQuery() {
        APIGatewayV2HTTPEvent none = query("log", "");
        none.setHeaders(Map.of());
        assertError(401, send(none), "token");
        APIGatewayV2HTTPEvent wrong = query("log", "");
        wrong.setHeaders(Map.of("authorization", "Bearer nope"));
        assertError(401, send(wrong), "unknown");
        APIGatewayV2HTTPEvent byQuery = query("log", "token=" + AGENT_TOKEN);
        byQuery.setHeaders(Map.of());
        assertEquals(200, send(byQuery).getStatusCode());
    }

    @Test
    void theLogIsNewestFirstSixtyByDefaultAndFiltersByQueue() {
        List<Map<String, Object>> all = entries(send(query("log", "")));
        assertEquals(60, all.size());
        assertEquals("pbx:log-69", all.get(0).get("callId"));
        assertEquals("pbx:log-10", all.get(59).get("callId"));
        List<Map<String, Object>> support = entries(send(query("log", "queue=support&limit=5")));
        assertEquals(List.of("pbx:log-68", "pbx:log-66", "pbx:log-64", "pbx:log-62", "pbx:log-60"),
                support.stream().map(e -> e.get("callId")).toList());
        List<Map<String, Object>> byNumber = entries(send(query("log", "queue=%2B49221&limit=300")));
        assertEquals(35, byNumber.size());
        assertTrue(byNumber.stream().allMatch(e -> e.get("queue").equals("+49221")));
        assertEquals(35, entries(send(query("log", "queue=+49221&limit=300"))).size(),
                "a + in a query string is the number's +, as API Gateway decodes it");
    }

    @Test
    void anEntryCarriesStateTimesCausesAndFlags() {
        Map<String, Object> entry = entries(send(query("log", "limit=1"))).get(0);
        assertEquals("pbx:log-69", entry.get("callId"));
        assertEquals("hangup", entry.get("state"));
        assertEquals("in", entry.get("direction"));
        assertEquals(List.of("Emma Taylor"), entry.get("user"));
        assertEquals("cancel", entry.get("cause"));
        assertEquals("cancel", entry.get("rawCause"));
        assertEquals(31, ((Number) entry.get("waitingSeconds")).intValue());
        assertEquals(true, entry.get("missed"));
        assertEquals(false, entry.get("done"));
        assertEquals(T0.plusSeconds(69).toString(), entry.get("startedAt"));
    }

    @ParameterizedTest
    @CsvSource({"limit=0", "limit=301", "limit=ten"})
    void aBadLimitIsRefused(String query) {
        assertError(422, send(query("log", query)), "limit");
    }

    /** On a call of its own, older than the log's sample calls, so no other test sees its done flag change. */
    @Test
    void doneIsSetByAnAgentAndSurvivesWebhookRetries() {
        Instant start = T0.minusSeconds(3600);
        calls.apply(CallEvent.builder("done-1", "pbx", EventType.NEW_CALL, start).direction(Direction.IN)
                .from("+4930").to("+49221").queue("done-line").ringingAt(start).build());
        calls.apply(hangup("done-1", start.plusSeconds(30)));
        assertEquals(200, send(done("pbx:done-1", "{\"done\":true}")).getStatusCode());
        calls.apply(hangup("done-1", start.plusSeconds(500)));
        CallRecord call = calls.find("pbx:done-1").orElseThrow();
        assertEquals(Boolean.TRUE, call.doneByAgent());
        assertEquals(true, entries(send(query("log", "queue=done-line"))).get(0).get("done"));
        assertEquals(200, send(done("pbx:done-1", "{\"done\":false}")).getStatusCode());
        assertEquals(false, entries(send(query("log", "queue=done-line"))).get(0).get("done"));
    }

    @Test
    void doneRefusesUnknownCallsAndBadBodiesWritingNothing() {
        assertError(404, send(done("no-such-call", "{\"done\":true}")), "no-such-call");
        assertTrue(calls.find("pbx:no-such-call").isEmpty());
        assertError(400, send(done("pbx:log-1", "{\"done\":")), "JSON");
        assertError(422, send(done("pbx:log-1", "{\"done\":\"yes\"}")), "done");
        assertError(422, send(done("pbx:log-1", "{}")), "done");
        APIGatewayV2HTTPEvent text = done("pbx:log-1", "done=true");
        text.setHeaders(Map.of("authorization", "Bearer " + AGENT_TOKEN, "content-type", "text/plain"));
        assertError(415, send(text), "application/json");
        assertEquals(null, calls.find("pbx:log-1").orElseThrow().doneByAgent());
    }

    /** Zammad's clients may post forms: {@code done=true|false}, {@code ids[]=...} or {@code ids=...} repeated. */
    @Test
    void doneAndBulkDoneTakeFormBodies() {
        Instant start = T0.minusSeconds(7200);
        for (String callId : List.of("form-1", "form-2", "form-3")) {
            calls.apply(CallEvent.builder(callId, "pbx", EventType.NEW_CALL, start).direction(Direction.IN)
                    .from("+4930").to("+49221").queue("form-line").ringingAt(start).build());
        }
        APIGatewayV2HTTPEvent one = load("done-urlencoded");
        one.setPathParameters(Map.of("callId", "pbx:form-1"));
        assertEquals(200, send(one).getStatusCode());
        assertEquals(Boolean.TRUE, calls.find("pbx:form-1").orElseThrow().doneByAgent());
        one.setBody("done=false");
        assertEquals(Map.of("callId", "pbx:form-1", "done", false), Json.parseObject(send(one).getBody()));
        assertEquals(Boolean.FALSE, calls.find("pbx:form-1").orElseThrow().doneByAgent());

        APIGatewayV2HTTPEvent bulk = load("done-bulk-urlencoded");
        bulk.setBody("ids%5B%5D=pbx%3Aform-2&ids%5B%5D=pbx%3Amissing");
        assertError(404, send(bulk), "missing");
        assertEquals(null, calls.find("pbx:form-2").orElseThrow().doneByAgent());
        bulk.setBody("ids%5B%5D=pbx%3Aform-2&ids%5B%5D=pbx%3Aform-3");
        assertEquals(200, send(bulk).getStatusCode());
        assertEquals(Boolean.TRUE, calls.find("pbx:form-3").orElseThrow().doneByAgent());
        bulk.setBody("ids=pbx:form-1&ids=pbx:form-2");
        assertEquals(Map.of("ids", List.of("pbx:form-1", "pbx:form-2"), "done", true),
                Json.parseObject(send(bulk).getBody()));
        assertEquals(Boolean.TRUE, calls.find("pbx:form-1").orElseThrow().doneByAgent());
    }

    @Test
    void badFormBodiesAreRefusedWritingNothing() {
        APIGatewayV2HTTPEvent one = load("done-urlencoded");
        one.setPathParameters(Map.of("callId", "pbx:log-4"));
        for (String body : List.of("done=yes", "done=", "other=true", "done=TRUE")) {
            one.setBody(body);
            assertError(422, send(one), "done");
        }
        one.setBody("done=%zz");
        assertError(400, send(one), "form");
        APIGatewayV2HTTPEvent bulk = load("done-bulk-urlencoded");
        for (String body : List.of("ids%5B%5D=", "id=pbx%3Alog-4")) {
            bulk.setBody(body);
            assertError(422, send(bulk), "ids");
        }
        bulk.setHeaders(Map.of("authorization", "Bearer " + AGENT_TOKEN, "content-type", "multipart/form-data"));
        assertError(415, send(bulk), "application/x-www-form-urlencoded");
        assertEquals(null, calls.find("pbx:log-4").orElseThrow().doneByAgent());
    }

    @Test
    void bulkDoneSetsEveryCallOrNone() {
        APIGatewayV2HTTPEvent bulk = load("done-bulk");
        bulk.setBody("{\"ids\":[\"pbx:log-2\",\"pbx:log-3\",\"pbx:missing\"]}");
        assertError(404, send(bulk), "missing");
        assertEquals(null, calls.find("pbx:log-2").orElseThrow().doneByAgent());
        bulk.setBody("{\"ids\":[\"pbx:log-2\",\"pbx:log-3\"]}");
        assertEquals(200, send(bulk).getStatusCode());
        assertEquals(Boolean.TRUE, calls.find("pbx:log-2").orElseThrow().doneByAgent());
        assertEquals(Boolean.TRUE, calls.find("pbx:log-3").orElseThrow().doneByAgent());
        for (String body : List.of("{\"ids\":[]}", "{\"ids\":\"log-2\"}", "{\"ids\":[1,2]}", "{}")) {
            bulk.setBody(body);
            assertError(422, send(bulk), "ids");
        }
    }

    @Test
    void missedCallsAreListedAndCountedByLineAndDay() {
        Instant day = Instant.parse("2025-11-23T08:00:00Z");
        for (int i = 0; i < 3; i++) {
            missed.record(new MissedCall("pbx:missed-" + i, "1", i < 2 ? "support" : "sales", "+4930", "+49221",
                    Set.of("Emma Taylor"), day.plusSeconds(i * 60), day.plusSeconds(i * 60 + 20), 20L, Cause.CANCEL,
                    "cancel", false, null, MissReason.ABANDONED));
        }
        Map<String, Object> body = Json.parseObject(send(load("missed-calls")).getBody());
        assertEquals(List.of("pbx:missed-1", "pbx:missed-0"),
                ((List<?>) body.get("entries")).stream().map(e -> ((Map<?, ?>) e).get("callId")).toList());
        assertEquals(List.of(Map.of("line", "support", "day", "2025-11-23", "count", 2,
                "reasons", Map.of("abandoned", 2))), body.get("counts"));
        Map<String, Object> allLines = Json.parseObject(send(query("missed-calls",
                "since=2025-11-23&until=2025-11-24")).getBody());
        assertEquals(3, ((List<?>) allLines.get("entries")).size());
        assertEquals(2, ((List<?>) allLines.get("counts")).size());
        assertFalse(((List<?>) Json.parseObject(send(query("missed-calls", "line=support&since=2025-11-24"
                + "&until=2025-11-25")).getBody()).get("entries")).iterator().hasNext());
    }

    /** Without since and until the range is today, the UTC day of the handler's clock, on either side of midnight. */
    @Test
    void missedCallsDefaultToTodayByTheHandlersClock() {
        Instant midnight = Instant.parse("2026-03-02T00:00:00Z");
        for (Instant started : List.of(midnight.minusSeconds(86400 + 60), midnight.minusSeconds(60),
                midnight.plusSeconds(60))) {
            missed.record(new MissedCall("pbx:today-" + started.getEpochSecond(), "1", "today-line", "+4930", "+49221",
                    Set.of(), started, started.plusSeconds(20), 20L, Cause.CANCEL, "cancel", false, null,
                    MissReason.ABANDONED));
        }
        Map<String, Object> before = Json.parseObject(new CallerLogHandler(env, Clock.fixed(midnight.minusMillis(1),
                ZoneOffset.UTC)).handleRequest(query("missed-calls", "line=today-line"), null).getBody());
        assertEquals("2026-03-01", before.get("since"));
        assertEquals("2026-03-01", before.get("until"));
        assertEquals(List.of("pbx:today-" + midnight.minusSeconds(60).getEpochSecond()),
                ((List<?>) before.get("entries")).stream().map(e -> ((Map<?, ?>) e).get("callId")).toList());
        assertEquals(List.of(Map.of("line", "today-line", "day", "2026-03-01", "count", 1,
                "reasons", Map.of("abandoned", 1))), before.get("counts"));

        Map<String, Object> after = Json.parseObject(new CallerLogHandler(env, Clock.fixed(midnight,
                ZoneOffset.ofHours(-5))).handleRequest(query("missed-calls", "line=today-line"), null).getBody());
        assertEquals("2026-03-02", after.get("since"), "the UTC day, whatever the clock's zone");
        assertEquals(List.of("pbx:today-" + midnight.plusSeconds(60).getEpochSecond()),
                ((List<?>) after.get("entries")).stream().map(e -> ((Map<?, ?>) e).get("callId")).toList());
    }

    /**
     * An organization in Los Angeles counts its days there: a call at 07:30 UTC is the evening before, "today" is
     * the local day, and the day the clocks go forward (2026-03-08, 23 hours) ends at 07:00 UTC, not 08:00.
     */
    @Test
    void missedCallDaysAreDaysOfTheOrganizationsTimeZone() {
        CallerLogHandler losAngeles = new CallerLogHandler(LocalDynamo.shared().functionEnvironment(
                "CallerLogFunction", tables, Map.of("DEFAULT_TIME_ZONE", "America/Los_Angeles")),
                Clock.fixed(Instant.parse("2026-03-03T07:45:00Z"), ZoneOffset.UTC));
        List<String> starts = List.of("2026-03-03T07:30:00Z", "2026-03-03T08:30:00Z", "2026-03-08T07:30:00Z",
                "2026-03-08T08:30:00Z", "2026-03-09T06:30:00Z", "2026-03-09T07:30:00Z");
        for (String start : starts) {
            Instant at = Instant.parse(start);
            missed.record(new MissedCall("pbx:la-" + at.getEpochSecond(), "1", "la-line", "+1213", "+49221",
                    Set.of(), at, at.plusSeconds(20), 20L, Cause.CANCEL, "cancel", false, null,
                    MissReason.ABANDONED));
        }
        Map<String, Object> today = Json.parseObject(losAngeles.handleRequest(query("missed-calls",
                "line=la-line"), null).getBody());
        assertEquals("2026-03-02", today.get("since"), "07:45 UTC is still yesterday in Los Angeles");
        assertEquals(List.of("pbx:la-" + Instant.parse(starts.get(0)).getEpochSecond()),
                ((List<?>) today.get("entries")).stream().map(e -> ((Map<?, ?>) e).get("callId")).toList());
        assertEquals(List.of(Map.of("line", "la-line", "day", "2026-03-02", "count", 1,
                "reasons", Map.of("abandoned", 1))), today.get("counts"));

        Map<String, Object> range = Json.parseObject(losAngeles.handleRequest(query("missed-calls",
                "line=la-line&since=2026-03-02&until=2026-03-09"), null).getBody());
        assertEquals(List.of(List.of("2026-03-02", 1), List.of("2026-03-03", 1), List.of("2026-03-07", 1),
                List.of("2026-03-08", 2), List.of("2026-03-09", 1)),
                ((List<?>) range.get("counts")).stream().map(c -> List.of(((Map<?, ?>) c).get("day"),
                        ((Map<?, ?>) c).get("count"))).toList());
        assertEquals(true, range.get("countsComplete"));
        assertEquals(6, ((List<?>) range.get("entries")).size());

        Map<String, Object> utc = Json.parseObject(send(query("missed-calls",
                "line=la-line&since=2026-03-02&until=2026-03-09")).getBody());
        assertEquals(List.of(List.of("2026-03-03", 2), List.of("2026-03-08", 2), List.of("2026-03-09", 2)),
                ((List<?>) utc.get("counts")).stream().map(c -> List.of(((Map<?, ?>) c).get("day"),
                        ((Map<?, ?>) c).get("count"))).toList(), "an organization in UTC keeps UTC days");
    }

    @Test
    void aRangeOfExactly366DaysIsAccepted() {
        assertEquals(200, send(query("missed-calls", "since=2024-01-01&until=2024-12-31")).getStatusCode());
    }

    @ParameterizedTest
    @CsvSource({"since=yesterday, since", "since=2025-11-24&until=2025-11-23, before",
        "since=2020-01-01&until=2025-01-01, days", "since=2024-01-01&until=2025-01-01, days",
        "since=+999999999-12-31&until=+999999999-12-31, 9999", "since=1969-12-31&until=1970-01-01, 1970"})
    void aBadRangeIsRefused(String query, String mentions) {
        assertError(422, send(query("missed-calls", query)), mentions);
    }

    /**
     * Issue 13: large calls (raw control bytes are escaped six-fold in JSON) made one answer megabytes. Every page
     * now stays within MAX_RESPONSE_BYTES, counted on the JSON it writes, and the pages together list every call
     * once.
     */
    @Test
    void everyCallerLogPageStaysWithinItsByteBudgetAndThePagesListEveryCallOnce() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        Environment small = local.functionEnvironment("CallerLogFunction", tables, Map.of("MAX_RESPONSE_BYTES",
                "20000"));
        DynamoAgentDirectory.fromEnvironment(local.client(), small).create(
                new Agent("a1", "emma", null, Set.of(), "1"), TokenHashes.hashOf(AGENT_TOKEN));
        DynamoCallStore store = DynamoCallStore.fromEnvironment(local.client(), small);
        String controls = "\u0001\u0002\u0003".repeat(100);
        for (int i = 0; i < 12; i++) {
            Set<String> users = new java.util.TreeSet<>();
            for (int u = 0; u < 5; u++) {
                users.add(u + controls);
            }
            store.apply(CallEvent.builder("big-" + i, "pbx", EventType.NEW_CALL, T0.plusSeconds(i))
                    .direction(Direction.IN).from("+1").to("+2").users(users).ringingAt(T0.plusSeconds(i)).build());
        }
        CallerLogHandler paged = new CallerLogHandler(small);
        List<Object> seen = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            APIGatewayV2HTTPEvent event = query("log", "limit=300" + (token == null ? ""
                    : "&nextToken=" + token));
            APIGatewayV2HTTPResponse response = paged.handleRequest(event, null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertTrue(response.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 20000 + 100,
                    "page " + pages + " is " + response.getBody().length() + " bytes");
            Map<String, Object> body = Json.parseObject(response.getBody());
            ((List<?>) body.get("entries")).forEach(e -> seen.add(((Map<?, ?>) e).get("callId")));
            token = (String) body.get("nextToken");
            pages++;
        } while (token != null && pages < 20);
        assertTrue(pages > 1, "one page cannot hold them all");
        assertEquals(12, seen.size());
        assertEquals(12, new java.util.HashSet<>(seen).size());
        assertError(422, paged.handleRequest(query("log", "nextToken=bm90LWEtdG9rZW4"), null), "nextToken");
    }

    @Test
    void meNamesTheSignedInAgentAndTheIdentitiesAPbxMayUseForThem() {
        APIGatewayV2HTTPResponse response = send(load("me"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<String, Object> me = Json.parseObject(response.getBody());
        assertEquals("a1", me.get("id"));
        assertEquals("emma", me.get("login"));
        assertEquals("1", me.get("organizationId"));
        assertEquals(List.of("+4930999"), me.get("phones"));
        assertEquals(List.of("+4930999", "emma", "a1", "emma@chrispresso.com"), me.get("identities"));
        assertFalse(response.getBody().contains(AGENT_TOKEN), "the token is never part of an answer");

        APIGatewayV2HTTPEvent stranger = load("me");
        stranger.setHeaders(Map.of("authorization", "Bearer not-an-agent"));
        assertError(401, send(stranger), "agent token");
    }

    @Test
    void theSignedInTwinAnswersTheAgentTheVerifiedEmailClaimNamesAndNoOtherAgent() {
        APIGatewayV2HTTPEvent twin = load("me");
        twin.setRouteKey("GET /oidc/api/v1/me");
        twin.getRequestContext().setRouteKey("GET /oidc/api/v1/me");
        twin.setHeaders(Map.of("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        twin.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(Map.of("email", "emma@chrispresso.com", "sub", "idp-1")).build()).build());
        APIGatewayV2HTTPResponse response = send(twin);
        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<String, Object> me = Json.parseObject(response.getBody());
        assertEquals("a1", me.get("id"));
        assertEquals("agent", me.get("role"));

        twin.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("email", "someone@chrispresso.com"));
        assertError(403, send(twin), "no agent");
        twin.getRequestContext().setAuthorizer(null);
        twin.setHeaders(Map.of("authorization", "Bearer " + AGENT_TOKEN));
        assertError(401, send(twin), "sign-in provider");
    }

    @Test
    void theSignInSettingsArePublicAndComeFromTheEnvironment() {
        CallerLogHandler configured = new CallerLogHandler(LocalDynamo.shared().functionEnvironment(
                "CallerLogFunction", tables, Map.of("OIDC_ISSUER", "https://login.example/tenant/v2.0",
                        "OIDC_CLIENT_ID", "page-client", "OIDC_AUTHORIZATION_ENDPOINT", "",
                        "OIDC_TOKEN_ENDPOINT", "", "OIDC_END_SESSION_ENDPOINT", "")));
        APIGatewayV2HTTPEvent request = load("me");
        request.setRouteKey("GET /api/v1/sign-in");
        request.getRequestContext().setRouteKey("GET /api/v1/sign-in");
        request.setHeaders(Map.of());
        APIGatewayV2HTTPResponse response = configured.handleRequest(request, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<String, Object> settings = Json.parseObject(response.getBody());
        assertEquals("https://login.example/tenant/v2.0", settings.get("issuer"));
        assertEquals("page-client", settings.get("clientId"));
        assertEquals("openid email profile", settings.get("scopes"));
        assertEquals(null, settings.get("tokenEndpoint"));
        assertEquals("/oidc", settings.get("routePrefix"));
    }

    @Test
    void listsCarryAnETagAndAnswer304WhileNothingChanged() {
        APIGatewayV2HTTPResponse first = send(query("log", "limit=5&queue=etag"));
        assertEquals(200, first.getStatusCode(), first.getBody());
        String tag = first.getHeaders().get("etag");
        assertTrue(tag != null && tag.matches("\"[A-Za-z0-9_-]{22}\""), String.valueOf(tag));
        assertEquals("private, no-cache", first.getHeaders().get("cache-control"));

        APIGatewayV2HTTPEvent again = query("log", "limit=5&queue=etag");
        Map<String, String> headers = new HashMap<>(again.getHeaders());
        headers.put("if-none-match", "\"other\", W/" + tag);
        again.setHeaders(headers);
        APIGatewayV2HTTPResponse unchanged = send(again);
        assertEquals(304, unchanged.getStatusCode());
        assertEquals("", unchanged.getBody());
        assertEquals(tag, unchanged.getHeaders().get("etag"));

        // a change to what the list shows changes the tag: the same conditional request gets the new answer
        // (older than every other call here, on its own line, so the other tests' lists stay as they are)
        Instant before = T0.minusSeconds(3600);
        calls.apply(CallEvent.builder("etag-new", "pbx", EventType.NEW_CALL, before).direction(Direction.IN)
                .from("+4930500").to("+49221").queue("etag").ringingAt(before).build());
        assertEquals(304, send(again).getStatusCode(), "until the stream function raises the log's marker");
        missed.raiseCallLogMarker("1"); // what the stream function does for the batch holding the new call
        APIGatewayV2HTTPResponse changed = send(again);
        assertEquals(200, changed.getStatusCode());
        assertTrue(changed.getBody().contains("pbx:etag-new"), changed.getBody());
        assertFalse(tag.equals(changed.getHeaders().get("etag")));

        APIGatewayV2HTTPEvent missedCalls = query("missed-calls", "since=2025-11-23&until=2025-11-23");
        String missedTag = send(missedCalls).getHeaders().get("etag");
        Map<String, String> conditional = new HashMap<>(missedCalls.getHeaders());
        conditional.put("if-none-match", missedTag);
        missedCalls.setHeaders(conditional);
        assertEquals(304, send(missedCalls).getStatusCode());
    }

    @Test
    void aMissedCallsPollWhoseTagIsCurrentIsAnswered304FromTheChangeMarkerWithoutQueryingTheLists() {
        LocalDynamo local = LocalDynamo.shared();
        ReadUnits reads = new ReadUnits();
        DynamoMissedCallStore counted = new DynamoMissedCallStore(local.client(reads),
                env.require(DynamoMissedCallStore.TABLE_VARIABLE), DynamoCallStore.shards(env));
        CallerLogHandler polled = new CallerLogHandler(
                new AgentAuthentication(DynamoAgentDirectory.fromEnvironment(local.client(), env)), calls, counted,
                DynamoCallbackStore.fromEnvironment(local.client(), env), EventBridgePublisher.fromEnvironment(env),
                MissSettings.of(Set.of()), Clock.fixed(T0, ZoneOffset.UTC),
                        CallerLogHandler.DEFAULT_MAX_RESPONSE_BYTES);
        APIGatewayV2HTTPEvent poll = query("missed-calls", "line=marker&since=2025-11-20&until=2025-11-20");
        APIGatewayV2HTTPResponse first = polled.handleRequest(poll, null);
        assertEquals(200, first.getStatusCode(), first.getBody());
        String tag = first.getHeaders().get("etag");
        Map<String, String> headers = new HashMap<>(poll.getHeaders());
        headers.put("if-none-match", tag);
        poll.setHeaders(headers);

        reads.reset();
        APIGatewayV2HTTPResponse unchanged = polled.handleRequest(poll, null);
        assertEquals(304, unchanged.getStatusCode());
        assertEquals(tag, unchanged.getHeaders().get("etag"));
        assertEquals(List.of("GetItem"), reads.reads().stream().map(ReadUnits.Read::operation).toList(),
                "one read of the marker, no query of entries or counts: " + reads.reads());
        assertEquals(1.0, reads.units(), "one strongly consistent read unit");

        Instant start = Instant.parse("2025-11-20T09:00:00Z");
        MissedCall entry = new MissedCall("pbx:marker-1", "1", "marker", "+4930", "+49221", Set.of(), start,
                start.plusSeconds(20), 20L, Cause.CANCEL, "cancel", false, null, MissReason.ABANDONED);
        missed.record(entry);
        reads.reset();
        APIGatewayV2HTTPResponse changed = polled.handleRequest(poll, null);
        assertEquals(200, changed.getStatusCode(), "a listing raises the marker");
        assertTrue(changed.getBody().contains("pbx:marker-1"), changed.getBody());
        assertTrue(reads.reads().stream().anyMatch(read -> read.operation().equals("Query")));
        String newTag = changed.getHeaders().get("etag");
        assertFalse(tag.equals(newTag));

        headers.put("if-none-match", newTag);
        poll.setHeaders(headers);
        assertEquals(304, polled.handleRequest(poll, null).getStatusCode());
        missed.retract(entry);
        APIGatewayV2HTTPResponse retracted = polled.handleRequest(poll, null);
        assertEquals(200, retracted.getStatusCode(), "a retraction raises the marker");
        assertFalse(retracted.getBody().contains("pbx:marker-1"), retracted.getBody());
    }

    @Test
    void aCallerLogPollWhoseTagIsCurrentIsAnswered304FromTheLogsMarkerWithoutQueryingTheCalls() {
        LocalDynamo local = LocalDynamo.shared();
        io.callhook.testing.RequestCounter requests = new io.callhook.testing.RequestCounter();
        var counted = local.client(requests);
        CallerLogHandler polled = new CallerLogHandler(
                new AgentAuthentication(DynamoAgentDirectory.fromEnvironment(local.client(), env)),
                new DynamoCallStore(counted, tables.get("CallsTable"), Duration.ofDays(365)),
                DynamoMissedCallStore.fromEnvironment(counted, env), DynamoCallbackStore.fromEnvironment(counted, env),
                EventBridgePublisher.fromEnvironment(env), MissSettings.of(Set.of()), Clock.fixed(T0, ZoneOffset.UTC),
                CallerLogHandler.DEFAULT_MAX_RESPONSE_BYTES);
        Instant at = T0.minusSeconds(7200);
        calls.apply(CallEvent.builder("log-marker-1", "pbx", EventType.NEW_CALL, at).direction(Direction.IN)
                .from("+4930501").to("+49221").queue("log-marker").ringingAt(at).build());
        missed.raiseCallLogMarker("1");
        APIGatewayV2HTTPEvent poll = query("log", "queue=log-marker&limit=5");
        APIGatewayV2HTTPResponse first = polled.handleRequest(poll, null);
        assertEquals(200, first.getStatusCode(), first.getBody());
        assertTrue(first.getBody().contains("pbx:log-marker-1"), first.getBody());
        String tag = first.getHeaders().get("etag");
        Map<String, String> headers = new HashMap<>(poll.getHeaders());
        headers.put("if-none-match", tag);
        poll.setHeaders(headers);

        requests.reset();
        APIGatewayV2HTTPResponse unchanged = polled.handleRequest(poll, null);
        assertEquals(304, unchanged.getStatusCode());
        assertEquals(tag, unchanged.getHeaders().get("etag"));
        assertEquals(List.of("GetItem"), requests.requests(), "one read of the marker, no query of the calls");

        // another organization's change leaves this one's tag as it is
        missed.raiseCallLogMarker("2");
        assertEquals(304, polled.handleRequest(poll, null).getStatusCode());

        // the same parameters asked by another page or limit are another answer: another tag
        APIGatewayV2HTTPEvent other = query("log", "queue=log-marker&limit=4");
        other.setHeaders(headers);
        assertEquals(200, polled.handleRequest(other, null).getStatusCode());

        // a new call, once the stream function raised the marker: the full answer with a new tag
        calls.apply(CallEvent.builder("log-marker-2", "pbx", EventType.NEW_CALL, at.plusSeconds(1))
                .direction(Direction.IN).from("+4930502").to("+49221").queue("log-marker").ringingAt(at.plusSeconds(1))
                .build());
        missed.raiseCallLogMarker("1");
        requests.reset();
        APIGatewayV2HTTPResponse changed = polled.handleRequest(poll, null);
        assertEquals(200, changed.getStatusCode());
        assertTrue(changed.getBody().contains("pbx:log-marker-2"), changed.getBody());
        assertTrue(requests.requests().contains("Query"), requests.requests().toString());
        assertFalse(tag.equals(changed.getHeaders().get("etag")));

        // setting a done flag raises the marker itself: the agent's next poll shows it
        headers.put("if-none-match", changed.getHeaders().get("etag"));
        poll.setHeaders(headers);
        assertEquals(304, polled.handleRequest(poll, null).getStatusCode());
        assertEquals(200, polled.handleRequest(done("pbx:log-marker-2", "{\"done\": true}"), null).getStatusCode());
        APIGatewayV2HTTPResponse marked = polled.handleRequest(poll, null);
        assertEquals(200, marked.getStatusCode());
        assertTrue(marked.getBody().contains("\"done\":true"), marked.getBody());
    }

    @Test
    void aRefusedLogRequestIsRefusedEvenWithAnyTag() {
        APIGatewayV2HTTPEvent bad = query("log", "limit=0");
        Map<String, String> headers = new HashMap<>(bad.getHeaders());
        headers.put("if-none-match", "*");
        bad.setHeaders(headers);
        assertError(422, send(bad), "limit");
    }
}
