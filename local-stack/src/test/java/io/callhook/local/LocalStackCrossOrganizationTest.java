// End to end over real HTTP: an in-process local stack with two organizations (integration acme belongs to org-a,
// globex to org-b). A name of one organization's agent means nobody in the other, and an agent moved to the other
// organization (with callhook's own agent directory, as the agents command does) meets its old calls as unknown
// ones, even those it acted on itself, and publishes nothing for them.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.template.SamTemplate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackCrossOrganizationTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final String CAROL = "carol-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"alice\",\"login\":\"alice\",\"phones\":[\"+4930111\"],"
                + "\"organizationId\":\"org-a\",\"token\":\"" + ALICE + "\"},"
                + "{\"id\":\"b1\",\"login\":\"bea\",\"email\":\"bea@globex.example\",\"phones\":[\"+4930222\"],"
                + "\"organizationId\":\"org-b\",\"token\":\"" + BOB + "\"},"
                + "{\"id\":\"carol\",\"login\":\"carol\",\"phones\":[\"+4930333\"],"
                + "\"organizationId\":\"org-a\",\"token\":\"" + CAROL + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(),
                        List.of("acme=" + ACME, "globex=globex-" + UUID.randomUUID())).withAgents(agents)
                .withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b")), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    /** An inbound acme call, answered under {@code answeringNumber}. */
    static void answered(String callId, String answeringNumber) throws Exception {
        for (String json : List.of("{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\","
                        + "\"direction\":\"in\",\"callId\":\"" + callId + "\"}",
                "{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"answeringNumber\":\""
                        + answeringNumber + "\"}")) {
            HttpResponse<String> response = send("POST", "/api/v1/cti/" + ACME, null, json);
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    static long callStateChangeMessages() throws Exception {
        List<?> events = (List<?>) Json.parseObject(send("GET", "/_local/events", null, null).body()).get("events");
        return events.stream().filter(e -> "CallStateChangeMessage".equals(((Map<?, ?>) e).get("detail-type")))
                .count();
    }

    @Test
    void aCallAnsweredUnderAnotherOrganizationsAgentsNameIsAsOneUnderAnUnknownName() throws Exception {
        answered("named-1", "bea@globex.example");
        HttpResponse<String> state = send("GET", "/call/state?call_id=acme:named-1", ALICE, null);
        assertEquals(200, state.statusCode(), state.body());
        Map<?, ?> call = (Map<?, ?>) Json.parseObject(state.body()).get("call");
        assertEquals("speaking", call.get("state"));
        assertNull(call.get("assigned_to"), "not org-b's agent b1");

        HttpResponse<String> pickup = send("POST", "/call/pickup?call_id=acme:named-1", ALICE, null);
        assertEquals(403, pickup.statusCode(), pickup.body());
        assertEquals(Map.of("status", "forbidden", "description", "Call|acme:named-1 belongs to bea@globex.example"),
                Json.parseObject(pickup.body()));
    }

    @Test
    void anAgentMovedToAnotherOrganizationMeetsItsOldCallsAsUnknownOnesRepeatOrNot() throws Exception {
        answered("held-1", "+4930333");
        answered("hung-1", "+4930333");
        String hold = "{\"operationName\":\"Hold\"}";
        assertEquals(200, send("POST", "/api/v2/me/calls/acme:held-1", CAROL, hold).statusCode());
        assertEquals(200, send("POST", "/call/hangup?call_id=acme:hung-1", CAROL, null).statusCode());

        DynamoAgentDirectory directory = new DynamoAgentDirectory(AwsClients.dynamoDb(Environment.of(Map.of(
                AwsClients.DYNAMODB_ENDPOINT, stack.dynamoDbEndpoint()))), "AgentsTable");
        directory.save(new Agent("carol", "carol", null, Set.of("+4930333"), "org-b"), TokenHashes.hashOf(CAROL));
        long published = callStateChangeMessages();

        for (String call : List.of("acme:held-1", "acme:never")) {
            HttpResponse<String> again = send("POST", "/api/v2/me/calls/" + call, CAROL, hold);
            assertEquals(404, again.statusCode(), again.body());
            assertEquals(Map.of("statusCode", 6, "statusMessage", "call " + call + " does not exist"),
                    Json.parseObject(again.body()));
            HttpResponse<String> park = send("POST", "/call/park?call_id=" + call, CAROL, null);
            assertEquals(404, park.statusCode(), park.body());
            assertEquals(Map.of("status", "not found", "description", "No call available to put on hold"),
                    Json.parseObject(park.body()));
        }
        for (String call : List.of("acme:hung-1", "acme:never")) {
            HttpResponse<String> again = send("POST", "/call/hangup?call_id=" + call, CAROL, null);
            assertEquals(404, again.statusCode(), again.body());
            assertEquals(Map.of("status", "not found", "description", call + " may already be hung up."),
                    Json.parseObject(again.body()));
        }
        assertEquals(published, callStateChangeMessages(), "nothing is published for another organization's call");
        HttpResponse<String> state = send("GET", "/call/state?call_id=acme:held-1", ALICE, null);
        assertEquals("parked", ((Map<?, ?>) Json.parseObject(state.body()).get("call")).get("state"),
                "the call is as carol left it");
    }
}
