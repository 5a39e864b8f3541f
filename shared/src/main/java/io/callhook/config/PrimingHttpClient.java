package io.callhook.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * process, so priming writes to no table and publishes nothing. It keeps the operations it answered
 * ({@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.UpdateItem}).
 */
public final class PrimingHttpClient implements SdkHttpClient {

    private final List<String> operations = new CopyOnWriteArrayList<>();

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
                byte[] body = (target.endsWith(".PutEvents")
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
