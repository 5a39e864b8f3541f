// The after-deploy smoke test (README "After deploying") run as a deployer runs it, against an in-process local
// stack over real HTTP: the webhook, the caller log, the stream to the missed-calls function, the published event.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agentapi.SmokeTestCli;
import io.callhook.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTestCliTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String AGENT_TOKEN = "agent-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, TOKEN, "[{\"id\":\"a1\",\"login\":\"emma\",\"organizationId\":\"1\","
                + "\"token\":\"" + AGENT_TOKEN + "\"}]", LOG);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Runs the command with {@code args}; returns status, standard output and standard error. */
    static String[] smoke(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SmokeTestCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theSmokeTestFollowsAFreshCallToItsMissedCallEntryAndEvent() throws Exception {
        String[] result = smoke("run", "--api-url", stack.url(), "--webhook-token", TOKEN, "--agent-token",
                AGENT_TOKEN, "--events-url", stack.url() + "/_local/events");

        assertEquals("0", result[0], result[1] + result[2]);
        String out = result[1];
        assertTrue(out.contains(" ended, missed (no_answer)"), out);
        assertTrue(out.contains(" listed, reason no_answer"), out);
        assertTrue(out.contains("event: MissedCall for local:smoke-"), out);
        assertTrue(out.endsWith("smoke test passed\n"), out);
        assertFalse(out.contains(TOKEN) || out.contains(AGENT_TOKEN), "tokens are never printed");
        String callId = out.substring(out.indexOf("marked ") + "marked ".length(), out.indexOf(" done"));
        String log = TestStacks.send(stack, "GET", "/api/v1/cti/log?queue=callhook-smoke-test", AGENT_TOKEN, null)
                .body();
        assertTrue(((List<?>) Json.parseObject(log).get("entries")).stream().map(entry -> (Map<?, ?>) entry)
                .anyMatch(entry -> entry.get("callId").equals(callId) && entry.get("done").equals(true)), log);
    }

    @Test
    void aStepThatFailsFailsTheSmokeTestWithItsReason() {
        String[] wrongAgent = smoke("run", "--api-url", stack.url(), "--webhook-token", TOKEN, "--agent-token",
                "agent-" + UUID.randomUUID());
        assertEquals("1", wrongAgent[0]);
        assertTrue(wrongAgent[2].startsWith("error: the caller log answered 401"), wrongAgent[2]);

        String[] wrongToken = smoke("run", "--api-url", stack.url(), "--webhook-token", "pbx-" + UUID.randomUUID(),
                "--agent-token", AGENT_TOKEN);
        assertEquals("1", wrongToken[0]);
        assertTrue(wrongToken[2].startsWith("error: the webhook's newCall answered 4"), wrongToken[2]);

        assertEquals("2", smoke("run", "--api-url", stack.url())[0], "the tokens are required");
    }
}
