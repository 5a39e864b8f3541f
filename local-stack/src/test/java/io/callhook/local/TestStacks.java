// Test support: starts an in-process local stack on free ports with the repository's template.yaml.
package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import io.callhook.json.Json;
import org.junit.jupiter.api.Assertions;

/** Local stacks as the end-to-end tests start them. */
final class TestStacks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestStacks() {
    }

    /** One request to the stack's HTTP API: a JSON body if {@code json} is given, a bearer token if {@code token}. */
    static HttpResponse<String> send(LocalStack stack, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Asks again until the agent's {@code GET path} answer satisfies the condition: the stream poller works in the
     * background. Fails, with the last answer, when none did within 30 seconds.
     */
    static Map<String, Object> eventually(LocalStack stack, String agentToken, String path, String condition,
                                          Predicate<Map<String, Object>> test) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> response = send(stack, "GET", path, agentToken, null);
            Assertions.assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> answer = Json.parseObject(response.body());
            if (test.test(answer)) {
                return answer;
            }
            if (Instant.now().isAfter(deadline)) {
                Assertions.fail("GET " + path + ": no answer within 30 s had " + condition + "; the last was "
                        + answer);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** A stack with one webhook token and the agents of {@code agentsJson}, written to {@code dir}. */
    static LocalStack withAgents(Path dir, String webhookToken, String agentsJson, TestLog log) {
        Path agents = dir.resolve("agents.json");
        try {
            Files.writeString(agents, agentsJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(webhookToken)).withAgents(agents),
                log.stream());
    }
}
