package io.callhook.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for the AWS SDK that sends nothing: it records each request an SDK client would send and answers
 * {@code {}} with HTTP 200, so a test can compare the SDK's wire format with callhook's ({@link CapturingTransport}).
 */
public final class CapturingSdkHttpClient implements SdkHttpClient {

    /** One recorded request: the SDK's request line and headers, and the body. */
    public record Captured(SdkHttpRequest request, byte[] body) {

        public String header(String name) {
            return request.firstMatchingHeader(name).orElse(null);
        }
    }

    private final List<Captured> requests = new CopyOnWriteArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.add(new Captured(request.httpRequest(), body(request)));
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", request.httpRequest().firstMatchingHeader("Content-Type")
                                        .orElse("application/json")).build())
                        .responseBody(AbortableInputStream.create(
                                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
                        .build();
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    private static byte[] body(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one request sent; fails when there were none or several. */
    public Captured only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one SDK request, got " + requests.size());
        }
        return requests.get(0);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
