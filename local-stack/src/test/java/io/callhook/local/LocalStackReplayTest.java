// End to end over real HTTP: the local stack's stream function gives up on a batch (the engine fails the
// missed-calls table's writes on purpose), the on-failure message shows in its failure queue (GET /_local/failures),
// and ReplayCli re-drives the batch from the message's shard and sequence range through the stream and Lambda's
// Invoke API on the local stack; replaying again changes nothing.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackReplayTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String AGENT_TOKEN = "agent-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<?> failureQueue() {
        try {
            HttpResponse<String> response = send("GET", stack.url() + LocalHttpServer.FAILURES_PATH, null);
            assertEquals(200, response.statusCode(), response.body());
            return (List<?>) Json.parseObject(response.body()).get("messages");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<?> missedEntries() throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, "GET", "/api/v1/missed-calls?line=replay", AGENT_TOKEN,
                null);
        assertEquals(200, response.statusCode(), response.body());
        return (List<?>) Json.parseObject(response.body()).get("entries");
    }

    private static int replay(Path message, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return ReplayCli.run(new String[] {"--message", message.toString(), "--stream-endpoint",
                stack.dynamoDbEndpoint(), "--lambda-endpoint", stack.url()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBatchTheFunctionGaveUpOnIsInTheFailureQueueAndTheReplayCommandAppliesItOnce() throws Exception {
        assertEquals(List.of(), failureQueue());
        String faults = stack.dynamoDbEndpoint() + "/_engine/faults";
        assertEquals(201, send("POST", faults, "{\"operation\": \"TransactWriteItems\", \"table\": "
                + "\"MissedCallsTable\", \"kind\": \"INTERNAL_SERVER_ERROR\", \"times\": 100000}").statusCode());
        String cti = stack.url() + "/api/v1/cti/" + TOKEN;
        assertEquals(200, send("POST", cti, "{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"replay-1\",\"queue\":\"replay\"}").statusCode());
        assertEquals(200, send("POST", cti, "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"replay-1\","
                + "\"cause\":\"cancel\"}").statusCode());

        // MaximumRetryAttempts exhausted: Lambda's on-failure record, in the local failure queue
        List<?> queue = StreamDeliveries.poll(LocalStackReplayTest::failureQueue, q -> !q.isEmpty(),
                "a message in the failure queue");
        assertEquals(1, queue.size(), queue.toString());
        Map<?, ?> message = (Map<?, ?>) queue.get(0);
        Map<?, ?> info = (Map<?, ?>) message.get("DDBStreamBatchInfo");
        assertEquals("RetryAttemptsExhausted", ((Map<?, ?>) message.get("requestContext")).get("condition"));
        assertEquals(1, ((Number) info.get("batchSize")).intValue(), "the hangup; the newCall's record went through");
        assertEquals(2, send("DELETE", faults, null).statusCode() / 100);
        assertEquals(List.of(), missedEntries(), "the missed call was lost with the batch");

        Path file = dir.resolve("message.json");
        Files.writeString(file, Json.write(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, replay(file, out, err), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"batchItemFailures\":[]"), out.toString());
        List<?> entries = missedEntries();
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("local:replay-1", ((Map<?, ?>) entries.get(0)).get("callId"));

        // replaying again (a second operator, a retried command) changes nothing
        assertEquals(0, replay(file, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertEquals(1, missedEntries().size());
    }

    @Test
    void aMessageWithoutBatchInfoIsAUsageError() throws Exception {
        Path file = dir.resolve("not-a-failure.json");
        Files.writeString(file, "{\"Records\": []}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, replay(file, new ByteArrayOutputStream(), err));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("DDBStreamBatchInfo"), err.toString());
    }
}
