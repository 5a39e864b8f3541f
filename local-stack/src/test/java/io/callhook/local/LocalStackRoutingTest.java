// End to end over real HTTP: an in-process local stack runs template.yaml; the admin API blocks a caller, the CTI
// webhook answers that caller's newCall with Zammad's reject, the caller log shows the call blocked and the
// missed-calls list (fed by the stream poller) never lists it; an outbound newCall is answered with a dial.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackRoutingTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String AGENT_TOKEN = "agent-" + UUID.randomUUID();
    private static final String ADMIN_TOKEN = UUID.randomUUID().toString().replace("-", "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"a1\",\"login\":\"emma\",\"organizationId\":\"1\",\"token\":\""
                + AGENT_TOKEN + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN)).withAgents(agents)
                .withAdminToken(ADMIN_TOKEN), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> admin(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, "/api/v1/admin/integrations/local" + path, token, json);
    }

    static HttpResponse<String> cti(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/" + TOKEN))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallerBlockedThroughTheAdminApiIsRejectedLoggedAsBlockedAndNeverMissed() throws Exception {
        assertEquals(401, admin("PUT", "/blocked-numbers/+4930555123", null, "{\"note\":\"x\"}").statusCode());
        assertEquals(403, admin("PUT", "/blocked-numbers/+4930555123", "not-" + ADMIN_TOKEN, "{\"note\":\"x\"}")
                .statusCode());
        HttpResponse<String> blocked = admin("PUT", "/blocked-numbers/+4930555123", ADMIN_TOKEN,
                "{\"note\":\"spam caller\"}");
        assertEquals(200, blocked.statusCode(), blocked.body());
        assertEquals(Map.of("number", "4930555123", "note", "spam caller", "forms",
                List.of("4930555123", "030555123")), Json.parseObject(blocked.body()),
                "stored in the national form too, for the organization's region (DE)");
        assertEquals(200, admin("PUT", "/caller-id-rules/+44", ADMIN_TOKEN, "{\"callerId\":\"+442071234567\"}")
                .statusCode());

        String callId = UUID.randomUUID().toString();
        String line = "line-" + callId.substring(0, 8);
        HttpResponse<String> newCall = cti("{\"event\":\"newCall\",\"from\":\"0049 30 555123\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        assertEquals(200, newCall.statusCode());
        assertEquals("{\"action\":\"reject\",\"reason\":\"busy\"}", newCall.body());
        HttpResponse<String> national = cti("{\"event\":\"newCall\",\"from\":\"030 555123\","
                + "\"to\":\"492214710334\",\"direction\":\"in\",\"callId\":\"" + UUID.randomUUID()
                + "\",\"queue\":\"" + line + "-national\"}");
        assertEquals("{\"action\":\"reject\",\"reason\":\"busy\"}", national.body(),
                "the national spelling of the blocked number is rejected too");
        assertEquals("{}", cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"cause\":\"busy\"}").body());

        // a call that is missed, on the same line, after the blocked one: once the stream poller has listed it, it
        // has seen the blocked call's hangup too (one shard, in order)
        String missedId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4989111\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + missedId + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + missedId + "\",\"cause\":\"cancel\"}");
        String today = LocalStackMissedCallsTest.day(Instant.now());
        String yesterday = LocalStackMissedCallsTest.day(Instant.now().minusSeconds(86_400));
        String path = "/api/v1/missed-calls?line=" + line + "&since=" + yesterday + "&until=" + today;
        Map<String, Object> missed = TestStacks.eventually(stack, AGENT_TOKEN, path, "an entry",
                answer -> !LocalStackMissedCallsTest.list(answer, "entries").isEmpty());
        List<?> entries = LocalStackMissedCallsTest.list(missed, "entries");
        assertEquals(List.of("local:" + missedId), entries.stream().map(e -> ((Map<?, ?>) e).get("callId")).toList());

        HttpResponse<String> log = TestStacks.send(stack, "GET", "/api/v1/cti/log?queue=" + line, AGENT_TOKEN, null);
        Map<?, ?> entry = LocalStackMissedCallsTest.list(Json.parseObject(log.body()), "entries").stream()
                .map(e -> (Map<?, ?>) e).filter(e -> e.get("callId").equals("local:" + callId)).findFirst()
                .orElseThrow();
        assertEquals(true, entry.get("blocked"));
        assertEquals(false, entry.get("missed"));
        assertEquals(true, entry.get("done"));

        HttpResponse<String> outbound = cti("{\"event\":\"newCall\",\"from\":\"492214710334\","
                + "\"to\":\"+44 20 7946 0000\",\"direction\":\"out\",\"callId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(Map.of("action", "dial", "caller_id", "+442071234567", "number", "+44 20 7946 0000"),
                Json.parseObject(outbound.body()));
    }
}
