// End to end over real HTTP: an in-process local stack runs template.yaml; a PBX webhook creates a call and two
// agents' clients act on it through the OpenReception and Genesys-style APIs.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackAgentApiTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String MAX = "max-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, TOKEN,
                "[{\"id\":\"a1\",\"login\":\"emma\",\"phones\":[\"+4930111\"],\"organizationId\":\"1\","
                + "\"token\":\"" + EMMA + "\"},{\"id\":\"a2\",\"login\":\"max\",\"phones\":[\"+4930222\"],"
                + "\"organizationId\":\"1\",\"token\":\"" + MAX + "\"}]", LOG);
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

    @Test
    void anAnsweredCallBelongsToItsAgentWhoParksAndDispositionsIt() throws Exception {
        String callId = UUID.randomUUID().toString();
        assertEquals(200, send("POST", "/api/v1/cti/" + TOKEN, null, "{\"event\":\"newCall\",\"from\":\"+4922100\","
                + "\"to\":\"+4930500\",\"direction\":\"in\",\"callId\":\"" + callId + "\"}").statusCode());
        assertEquals(200, send("POST", "/api/v1/cti/" + TOKEN, null, "{\"event\":\"answer\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"answeringNumber\":\"+4930111\"}").statusCode());

        String id = "local:" + callId; // the agent-facing id: the integration (token name) and the PBX's call id
        HttpResponse<String> state = send("GET", "/call/state?call_id=" + id, EMMA, null);
        assertEquals(200, state.statusCode(), state.body());
        Map<?, ?> call = (Map<?, ?>) Json.parseObject(state.body()).get("call");
        assertEquals(id, call.get("id"));
        assertEquals("speaking", call.get("state"));
        assertEquals(true, call.get("inbound"));

        HttpResponse<String> list = send("GET", "/call/list", EMMA, null);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains(id), list.body());

        HttpResponse<String> stolen = send("POST", "/call/pickup?call_id=" + id, MAX, null);
        assertEquals(403, stolen.statusCode());
        assertEquals(Map.of("status", "forbidden", "description", "Call|" + id + " belongs to a1"),
                Json.parseObject(stolen.body()));

        HttpResponse<String> parked = send("POST", "/call/park", EMMA, null);
        assertEquals(200, parked.statusCode(), parked.body());
        assertEquals(Map.of("status", "on hold", "description", id + " was put on hold"),
                Json.parseObject(parked.body()));

        HttpResponse<String> disposition = send("POST", "/api/v2/me/calls/" + id, EMMA,
                "{\"operationName\":\"SetCallDisposition\",\"callUuid\":\"" + id + "\","
                        + "\"disposition\":\"Referred\",\"dispositionKey\":\"DispositionCode\"}");
        assertEquals(200, disposition.statusCode(), disposition.body());
        assertEquals(Map.of("statusCode", 0), Json.parseObject(disposition.body()));
        String events = send("GET", "/_local/events", null, null).body();
        assertTrue(events.contains("CallStateChangeMessage") && events.contains("AttachedDataChanged")
                && events.contains("Referred"), events);
        List<?> details = ((List<?>) Json.parseObject(events).get("events")).stream()
                .map(e -> (Map<?, ?>) e).filter(e -> "CallStateChangeMessage".equals(e.get("detail-type")))
                .map(e -> (Map<?, ?>) e.get("detail"))
                .filter(d -> id.equals(((Map<?, ?>) ((Map<?, ?>) d.get("data")).get("call")).get("id"))).toList();
        assertEquals(1, details.size(), events);
        assertEquals("1", ((Map<?, ?>) details.get(0)).get("organizationId"),
                "the call's organization, as every event has it");
    }

    @Test
    void agentRoutesRefuseRequestsWithoutAToken() throws Exception {
        HttpResponse<String> response = send("GET", "/call/list", null, null);
        assertEquals(401, response.statusCode());
        assertEquals("unauthorized", Json.parseObject(response.body()).get("status"));
    }
}
