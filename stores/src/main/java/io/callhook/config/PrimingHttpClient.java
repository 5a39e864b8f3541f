package io.callhook.config;

import io.callhook.aws.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP transport SnapStart priming runs the real request path with: every request is built, marshalled and
 * signed as usual, then answered here, on the spot, as the service answers a request that finds nothing
 * ({@code {}}; {@code PutEvents}: every entry taken), so the answer is read too. Nothing leaves the process, so
 * priming writes to no table and publishes nothing. A path that only goes on when a read finds something (the
 * stale-calls run closes the open calls its Query finds) gets that read answered with a body of its own
 * ({@link #answering}). It keeps the operations it answered ({@code X-Amz-Target}, e.g.
 * {@code DynamoDB_20120810.UpdateItem}).
 */
public final class PrimingHttpClient implements HttpTransport {

    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers;

    public PrimingHttpClient() {
        this(Map.of());
    }

    private PrimingHttpClient(Map<String, String> answers) {
        this.answers = Map.copyOf(answers);
    }

    /**
     * A client that answers {@code operation} ({@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.Query}) with
     * {@code body}, the service's JSON, and every other operation as usual.
     */
    public static PrimingHttpClient answering(String operation, String body) {
        return new PrimingHttpClient(Map.of(operation, body));
    }

    /** A client that answers each operation of {@code answers} with its body, and every other as usual. */
    public static PrimingHttpClient answering(Map<String, String> answers) {
        return new PrimingHttpClient(answers);
    }

    public List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body) {
        String target = headers.getOrDefault("X-Amz-Target", "unknown");
        operations.add(target);
        String answer = answers.getOrDefault(target, target.endsWith(".PutEvents")
                ? "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"snapstart-priming\"}]}"
                : "{}");
        return new Response(200, answer.getBytes(StandardCharsets.UTF_8));
    }
}
