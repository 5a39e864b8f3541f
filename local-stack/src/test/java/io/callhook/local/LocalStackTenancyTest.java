// End to end over real HTTP: an in-process local stack with two organizations (integration acme belongs to org-a,
// globex to org-b); every agent endpoint is tried by an agent of the call's organization, of the other one, and
// without an agent token.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalStackTenancyTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String GLOBEX = "globex-" + UUID.randomUUID();
    private static final String INITECH = "initech-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String ORG_A_ADMIN = "org-a-admin-" + UUID.randomUUID();
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    /** An agent endpoint acting on one call: method, path and body, with {@code {id}} for the call id. */
    record Endpoint(String name, String method, String path, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Endpoint> callEndpoints() {
        String gws = "/api/v2/me/calls/{id}";
        return Stream.of(
                new Endpoint("done", "POST", "/api/v1/cti/done/{id}", "{\"done\":true}"),
                new Endpoint("done bulk", "POST", "/api/v1/cti/done/bulk", "{\"ids\":[\"{id}\"]}"),
                new Endpoint("call state", "GET", "/call/state?call_id={id}", null),
                new Endpoint("pickup", "POST", "/call/pickup?call_id={id}", null),
                new Endpoint("park", "POST", "/call/park?call_id={id}", null),
                new Endpoint("hangup", "POST", "/call/hangup?call_id={id}", null),
                new Endpoint("transfer", "GET", "/call/transfer?source={id}", null),
                new Endpoint("gws disposition", "POST", gws, "{\"operationName\":\"SetCallDisposition\","
                        + "\"disposition\":\"Sale\"}"),
                new Endpoint("gws attach", "POST", gws, "{\"operationName\":\"AttachUserData\","
                        + "\"userData\":{\"k\":\"v\"}}"),
                new Endpoint("gws update", "POST", gws, "{\"operationName\":\"UpdateUserData\","
                        + "\"userData\":{\"k\":\"v\"}}"),
                new Endpoint("gws delete pair", "POST", gws, "{\"operationName\":\"DeleteUserDataPair\","
                        + "\"key\":\"k\"}"),
                new Endpoint("gws hold", "POST", gws, "{\"operationName\":\"Hold\"}"),
                new Endpoint("gws retrieve", "POST", gws, "{\"operationName\":\"Retrieve\"}"),
                new Endpoint("gws hangup", "POST", gws, "{\"operationName\":\"Hangup\"}"));
    }

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        java.nio.file.Files.writeString(agents, "[{\"id\":\"alice\",\"login\":\"alice\",\"phones\":[\"+4930111\"],"
                + "\"organizationId\":\"org-a\",\"token\":\"" + ALICE + "\"},{\"id\":\"bob\",\"login\":\"bob\","
                + "\"phones\":[\"+4930222\"],\"organizationId\":\"org-b\",\"token\":\"" + BOB + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(io.callhook.template.SamTemplate.find(),
                        List.of("acme=" + ACME, "globex=" + GLOBEX, "initech=" + INITECH)).withAgents(agents)
                .withAdminToken(OPERATOR).withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b",
                        "OrganizationAdminTokenHashes", "org-a:" + TokenHashes.hashOf(ORG_A_ADMIN))), LOG.stream());
        // acme's calls: one ringing, one missed; globex's own call under the same provider id, and an outbound
        // call of bob's that he talks on (so a transfer has a destination)
        webhook(ACME, "{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"ring-1\",\"queue\":\"support\"}");
        webhook(ACME, "{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                + "\"callId\":\"missed-1\",\"queue\":\"support\"}");
        webhook(ACME, "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"missed-1\",\"cause\":\"cancel\"}");
        webhook(GLOBEX, "{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930600\",\"direction\":\"in\","
                + "\"callId\":\"ring-1\",\"queue\":\"support\"}");
        webhook(GLOBEX, "{\"event\":\"newCall\",\"from\":\"+4930222\",\"to\":\"+4922199\",\"direction\":\"out\","
                + "\"callId\":\"out-1\"}");
        assertEquals(200, send("POST", "/call/pickup?call_id=globex:out-1", BOB, null).statusCode());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static void webhook(String token, String json) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/cti/" + token, null, json);
        assertEquals(200, response.statusCode(), response.body());
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    static HttpResponse<String> send(Endpoint endpoint, String token, String id) throws Exception {
        return send(endpoint.method(), endpoint.path().replace("{id}", id), token,
                endpoint.body() == null ? null : endpoint.body().replace("{id}", id));
    }

    /**
     * Another organization's call answers exactly as a call that does not exist (the ids swapped), and writes
     * nothing: acme's call is still ringing, nobody's, not done and holds no user data.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("callEndpoints")
    void aCallOfAnotherOrganizationAnswersAsOneThatDoesNotExist(Endpoint endpoint) throws Exception {
        HttpResponse<String> other = send(endpoint, BOB, "acme:ring-1");
        HttpResponse<String> unknown = send(endpoint, BOB, "acme:no-such-call");
        assertEquals(unknown.statusCode(), other.statusCode(), other.body());
        assertTrue(other.statusCode() == 404 || other.statusCode() == 400, other.body());
        assertEquals(unknown.body().replace("acme:no-such-call", "acme:ring-1"), other.body());

        HttpResponse<String> state = send("GET", "/call/state?call_id=acme:ring-1", ALICE, null);
        assertEquals(200, state.statusCode(), state.body());
        Map<?, ?> call = (Map<?, ?>) Json.parseObject(state.body()).get("call");
        assertEquals("queued", call.get("state"));
        assertEquals(null, call.get("assigned_to"));
        assertEquals("org-a", call.get("organization_id"));
        Map<?, ?> entry = logEntry(ALICE, "acme:ring-1");
        assertEquals(false, entry.get("done"), "an inbound call not yet answered is not done");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callEndpoints")
    void withoutAnAgentTokenEveryEndpointIs401(Endpoint endpoint) throws Exception {
        HttpResponse<String> response = send(endpoint, null, "acme:ring-1");
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void anIntegrationTheMappingDoesNotListIsRefusedWithItsReasonAndWritesNothing() throws Exception {
        HttpResponse<String> refused = send("POST", "/api/v1/cti/" + INITECH, null, "{\"event\":\"newCall\","
                + "\"from\":\"+4922100\",\"to\":\"+4930700\",\"direction\":\"in\",\"callId\":\"lost-1\"}");
        assertEquals(500, refused.statusCode(), refused.body());
        assertEquals("integration initech belongs to no organization: IntegrationOrganizations lists other"
                + " integrations but not this one; add initech:<organization> to it", Json.parseObject(refused.body())
                .get("error"));
        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            assertFalse(dynamo.getItem(b -> b.tableName("CallsTable").key(Map.of("pk",
                    AttributeValue.fromS("initech:lost-1"))).consistentRead(true)).hasItem(), "nothing written");
        }
    }

    @Test
    void anOrganizationsAdminTokenManagesOnlyItsOwnIntegrationsRoutingOverHttp() throws Exception {
        String acme = "/api/v1/admin/integrations/acme";
        String globex = "/api/v1/admin/integrations/globex";
        HttpResponse<String> own = send("PUT", acme + "/blocked-numbers/+4922999", ORG_A_ADMIN, "{\"note\":\"spam\"}");
        assertEquals(200, own.statusCode(), own.body());
        for (String[] request : new String[][] {{"GET", globex + "/routing", null},
            {"PUT", globex + "/blocked-numbers/+4922999", "{\"note\":\"theirs\"}"},
            {"PUT", globex + "/default-caller-id", "{\"callerId\":\"+4930555999\"}"},
            {"GET", "/api/v1/admin/integrations/initech/routing", null}}) {
            HttpResponse<String> refused = send(request[0], request[1], ORG_A_ADMIN, request[2]);
            assertEquals(404, refused.statusCode(), request[1] + ": " + refused.body());
            assertTrue(Json.parseObject(refused.body()).get("error") instanceof String, refused.body());
        }
        HttpResponse<String> operator = send("GET", globex + "/routing", OPERATOR, null);
        assertEquals(200, operator.statusCode(), operator.body());
        assertEquals(List.of(), Json.parseObject(operator.body()).get("blockedNumbers"), "the refusals wrote nothing");
        assertEquals(null, Json.parseObject(operator.body()).get("defaultCallerId"));
        assertEquals(List.of(Map.of("number", "4922999", "note", "spam")), Json.parseObject(send("GET",
                acme + "/routing", OPERATOR, null).body()).get("blockedNumbers"), "the operator sees every one");
        assertEquals(403, send("GET", acme + "/routing", ALICE, null).statusCode(), "an agent token is no admin's");
    }

    @Test
    void theCallerLogListsOnlyTheAgentsOrganization() throws Exception {
        assertEquals(List.of("acme:missed-1", "acme:ring-1"), logIds(ALICE, ""));
        assertEquals(List.of("globex:out-1", "globex:ring-1"), logIds(BOB, ""));
        assertEquals(List.of("globex:ring-1"), logIds(BOB, "queue=support"), "?queue= of a line of org-a too");
        assertEquals(401, send("GET", "/api/v1/cti/log", null, null).statusCode());
    }

    @Test
    void missedCallsAndTheirCountsArePerOrganization() throws Exception {
        String path = "/api/v1/missed-calls?since=" + TODAY + "&until=" + TODAY;
        Map<String, Object> mine = eventually(ALICE, path, answer -> !((List<?>) answer.get("entries")).isEmpty());
        assertEquals(List.of("acme:missed-1"), ((List<?>) mine.get("entries")).stream()
                .map(e -> ((Map<?, ?>) e).get("callId")).toList());
        assertEquals(List.of(Map.of("line", "support", "day", TODAY, "count", 1,
                "reasons", Map.of("abandoned_short", 1))), mine.get("counts"));
        for (String query : List.of("", "&line=support")) {
            Map<String, Object> theirs = Json.parseObject(send("GET", path + query, BOB, null).body());
            assertEquals(List.of(), theirs.get("entries"), query);
            assertEquals(List.of(), theirs.get("counts"), query);
        }
        assertEquals(401, send("GET", path, null, null).statusCode());
    }

    @Test
    void theCallListAndAPickupWithoutCallIdOfferOnlyTheAgentsOrganizationsCalls() throws Exception {
        HttpResponse<String> list = send("GET", "/call/list", BOB, null);
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains("acme:"), list.body());
        assertTrue(list.body().contains("globex:ring-1"), list.body());
        HttpResponse<String> aliceList = send("GET", "/call/list", ALICE, null);
        assertTrue(aliceList.body().contains("acme:ring-1") && !aliceList.body().contains("globex:"),
                aliceList.body());
        assertEquals(401, send("GET", "/call/list", null, null).statusCode());
    }

    static List<Object> logIds(String token, String query) throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/cti/log?" + query, token, null);
        assertEquals(200, response.statusCode(), response.body());
        return ((List<?>) Json.parseObject(response.body()).get("entries")).stream()
                .map(e -> ((Map<?, ?>) e).get("callId")).sorted().map(Object.class::cast).toList();
    }

    static Map<?, ?> logEntry(String token, String id) throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/cti/log", token, null);
        return ((List<?>) Json.parseObject(response.body()).get("entries")).stream().map(e -> (Map<?, ?>) e)
                .filter(e -> id.equals(e.get("callId"))).findFirst().orElseThrow();
    }

    /** Asks again until the answer passes: the stream poller works in the background. At most 30 seconds. */
    static Map<String, Object> eventually(String token, String path,
                                          java.util.function.Predicate<Map<String, Object>> test) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> answer = Json.parseObject(send("GET", path, token, null).body());
        while (!test.test(answer)) {
            if (Instant.now().isAfter(deadline)) {
                fail("GET " + path + ": no answer within 30 s passed; the last was " + answer);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            answer = Json.parseObject(send("GET", path, token, null).body());
        }
        return answer;
    }
}
