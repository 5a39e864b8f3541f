package io.callhook.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The SDK HTTP client SnapStart priming runs the real request path with: every request is built, marshalled and
 * signed by the SDK as usual, then answered here, on the spot, as the service answers a request that finds nothing
 * ({@code {}}; {@code PutEvents}: every entry taken), so the response is unmarshalled too. Nothing leaves the
 * process, so priming writes to no table and publishes nothing. A path that only goes on when a read finds
 * something (the stale-calls run closes the open calls its Query finds) gets that read answered with a body of its
 * own ({@link #answering}). It keeps the operations it answered ({@code X-Amz-Target}, e.g.
 * {@code DynamoDB_20120810.UpdateItem}).
 */
public final class PrimingHttpClient implements SdkHttpClient {

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

    public List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("unknown");
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                operations.add(target);
                byte[] body = answers.getOrDefault(target, target.endsWith(".PutEvents")
                        ? "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"snapstart-priming\"}]}"
                        : "{}").getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming").build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }
}
