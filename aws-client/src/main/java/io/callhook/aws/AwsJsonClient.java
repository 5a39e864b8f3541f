package io.callhook.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * One AWS service spoken in its JSON protocol (DynamoDB: {@code application/x-amz-json-1.0}, EventBridge: 1.1): a
 * body in, {@code X-Amz-Target: <prefix>.<Operation>}, signed with the SDK's SigV4 signer, sent over an
 * {@link HttpTransport}, retried with the SDK's standard retry strategy (3 attempts, jittered backoff, a retry
 * quota), and an error answer turned into an {@link AwsServiceException} by the service's own mapping.
 *
 * <p>This is what the functions use instead of the SDK's generated clients, whose model and pipeline are most of a
 * cold start's classes and of a jar's bytes (see docs/benchmarks.md); the signer and the retry strategy are the
 * SDK's own stand-alone modules.
 */
public final class AwsJsonClient {

    static final JsonFactory JSON = new JsonFactory();

    /** Turns an error answer into the service's exception (status, code without namespace, message, body). */
    @FunctionalInterface
    public interface ErrorMapper {
        AwsServiceException map(int status, String code, String message, byte[] body);
    }

    /** Told of every call once it is answered or has failed, retries included (storage latency metrics). */
    @FunctionalInterface
    public interface Listener {
        void completed(String operation, long nanos, boolean failed);
    }

    private final URI endpoint;
    private final String region;
    private final String signingName;
    private final String targetPrefix;
    private final String contentType;
    private final CredentialsProvider credentials;
    private final HttpTransport transport;
    private final ErrorMapper errors;
    private final Listener listener;
    private final RetryStrategy retries = DefaultRetryStrategy.standardStrategyBuilder()
            .retryOnException(AwsJsonClient::retryable).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private AwsJsonClient(Builder builder) {
        this.endpoint = builder.endpoint;
        this.region = builder.region;
        this.signingName = builder.signingName;
        this.targetPrefix = builder.targetPrefix;
        this.contentType = builder.contentType;
        this.credentials = builder.credentials;
        this.transport = builder.transport;
        this.errors = builder.errors;
        this.listener = builder.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a failure is one a retry can cure (what the retry strategy is told, and what answers 503). */
    public static boolean retryable(Throwable failure) {
        return failure instanceof AwsException aws && aws.retryable();
    }

    /** Sends {@code operation} with {@code body} and returns the answer's body; retries what a retry can cure. */
    public byte[] call(String operation, byte[] body) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            byte[] answer = withRetries(operation, body);
            failed = false;
            return answer;
        } finally {
            listener.completed(operation, System.nanoTime() - started, failed);
        }
    }

    private byte[] withRetries(String operation, byte[] body) {
        AcquireInitialTokenResponse initial = retries.acquireInitialToken(AcquireInitialTokenRequest.create(
                signingName));
        RetryToken token = initial.token();
        pause(initial.delay());
        while (true) {
            try {
                byte[] answer = attempt(operation, body);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (AwsException failure) {
                RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
                            .failure(failure).build());
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw failure;
                }
                token = next.token();
                pause(next.delay());
            }
        }
    }

    private byte[] attempt(String operation, byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .build();
        SdkHttpFullRequest signed = (SdkHttpFullRequest) signer.sign(r -> r
                .identity(credentials.credentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> headers.put(name, values.get(0)));
        HttpTransport.Response response;
        try {
            response = transport.post(endpoint, headers, body);
        } catch (InterruptedIOException timeout) {
            throw new AwsException(operation + " timed out", timeout, true);
        } catch (IOException io) {
            throw new AwsException(operation + " failed: " + io, io, true);
        }
        if (response.status() / 100 == 2) {
            return response.body();
        }
        throw error(response);
    }

    private AwsServiceException error(HttpTransport.Response response) {
        String type = null;
        String message = null;
        try (JsonParser parser = JSON.createParser(response.body())) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("__type".equals(field) && value == JsonToken.VALUE_STRING) {
                        type = parser.getText();
                    } else if ("message".equalsIgnoreCase(field) && value == JsonToken.VALUE_STRING) {
                        message = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException notJson) {
            // an answer that is not JSON (a proxy's page, say): the status decides
        }
        String code = type == null ? "HTTP" + response.status() : type.substring(type.indexOf('#') + 1);
        return errors.map(response.status(), code, message == null ? "" : message, response.body());
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("interrupted while waiting to retry", e, true);
        }
    }

    /** The client's settings; all but the listener are required. */
    public static final class Builder {
        private URI endpoint;
        private String region;
        private String signingName;
        private String targetPrefix;
        private String contentType;
        private CredentialsProvider credentials;
        private HttpTransport transport;
        private ErrorMapper errors = (status, code, message, body) -> new AwsServiceException(status, code, message);
        private Listener listener = (operation, nanos, failed) -> { };

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The signing name, e.g. {@code dynamodb}, {@code events}. */
        public Builder signingName(String signingName) {
            this.signingName = signingName;
            return this;
        }

        /** The target prefix, e.g. {@code DynamoDB_20120810}, {@code AWSEvents}. */
        public Builder targetPrefix(String targetPrefix) {
            this.targetPrefix = targetPrefix;
            return this;
        }

        /** {@code application/x-amz-json-1.0} or {@code -1.1}. */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder credentials(CredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder transport(HttpTransport transport) {
            this.transport = transport;
            return this;
        }

        public Builder errors(ErrorMapper errors) {
            this.errors = errors;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        public AwsJsonClient build() {
            return new AwsJsonClient(this);
        }
    }
}
