package io.callhook.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
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
 * {@link HttpTransport}, and an error answer turned into an {@link AwsServiceException} by the service's own
 * mapping. What the SDK's clients do around that, this does too:
 * <ul>
 *   <li>retries with the SDK's retry strategy for the service ({@link Retries}: attempts, jittered backoff,
 *       throttling backoff, retry quota), waiting with the {@link Sleeper};</li>
 *   <li>keeps every call inside the thread's {@link Deadline} when there is one: each attempt's timeouts are cut to
 *       the time left, and a backoff that would end past it ends the call with the last failure instead;</li>
 *   <li>checks an answer's {@code x-amz-crc32} (CRC32 of the body as received) inside the attempt: a mismatch is
 *       a retryable failure, retried like a lost answer;</li>
 *   <li>corrects clock skew as the SDK's {@code ClockSkewAdjuster} does: on a definite clock-skew error
 *       ({@code RequestTimeTooSkewed}, {@code RequestExpired}, {@code RequestInTheFuture}), or on a possible one
 *       ({@code InvalidSignatureException}, {@code SignatureDoesNotMatch}, {@code AuthFailure}, HTTP 401/403) whose
 *       {@code Date} header is 4 minutes or more away from the signing clock, later requests are signed with the
 *       server's time and the error is retried.</li>
 * </ul>
 *
 * <p>This is what the functions use instead of the SDK's generated clients, whose model and pipeline are most of a
 * cold start's classes and of a jar's bytes (see docs/benchmarks.md); the signer and the retry strategy are the
 * SDK's own stand-alone modules. Thread-safe.
 */
public final class AwsJsonClient {

    static final JsonFactory JSON = new JsonFactory();

    /** {@code ClockSkew.CLOCK_SKEW_ADJUST_THRESHOLD}. */
    static final Duration CLOCK_SKEW_THRESHOLD = Duration.ofMinutes(4);

    /** {@code AwsErrorCode.DEFINITE_CLOCK_SKEW_ERROR_CODES}. */
    static final Set<String> DEFINITE_CLOCK_SKEW = Set.of("RequestTimeTooSkewed", "RequestExpired",
            "RequestInTheFuture");

    /** {@code AwsErrorCode.POSSIBLE_CLOCK_SKEW_ERROR_CODES}. */
    static final Set<String> POSSIBLE_CLOCK_SKEW = Set.of("InvalidSignatureException", "SignatureDoesNotMatch",
            "AuthFailure");

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

    /** Waits out a retry's backoff; tests pass one that records the delay and advances a manual clock. */
    @FunctionalInterface
    public interface Sleeper {

        /** {@link Thread#sleep}. */
        Sleeper THREAD = delay -> Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);

        void sleep(Duration delay) throws InterruptedException;
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
    private final RetryStrategy retries;
    private final Sleeper sleeper;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    /** Server time minus local time, as last learnt from a clock-skew error. */
    private volatile Duration clockSkew = Duration.ZERO;

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
        this.retries = builder.retries == null ? Retries.standard() : builder.retries;
        this.sleeper = builder.sleeper;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a failure is one a retry can cure (what the retry strategy is told, and what answers 503). */
    public static boolean retryable(Throwable failure) {
        return failure instanceof AwsException aws && aws.retryable();
    }

    /** The endpoint requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    /** The server's time minus this machine's, as learnt from the last clock-skew error (zero before one). */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * Sends {@code operation} with {@code body} and returns the answer's body; retries what a retry can cure.
     *
     * @throws AwsException the last attempt's failure: retries exhausted, the retry quota empty, the failure not
     *     retryable, or the thread's {@link Deadline} too close for another attempt
     */
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
        pause(operation, initial.delay(), null);
        AwsException last = null;
        while (true) {
            Optional<Duration> left = Deadline.remaining();
            if (left.isPresent() && left.get().isZero()) {
                throw last != null ? last
                        : new AwsException(operation + ": no time left before the invocation's deadline", null, true);
            }
            try {
                byte[] answer = attempt(operation, body, left);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (AwsException failure) {
                last = failure;
                RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
                            .failure(failure).build());
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw failure;
                }
                token = next.token();
                pause(operation, next.delay(), failure);
            }
        }
    }

    private byte[] attempt(String operation, byte[] body, Optional<Duration> left) {
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
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock())).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> headers.put(name, values.get(0)));
        HttpTransport.Response response;
        try {
            response = left.isPresent() ? transport.post(endpoint, headers, body, left.get())
                    : transport.post(endpoint, headers, body);
        } catch (InterruptedIOException timeout) {
            throw new AwsException(operation + " timed out", timeout, true);
        } catch (IOException io) {
            throw new AwsException(operation + " failed: " + io, io, true);
        }
        verifyCrc32(operation, response);
        if (response.status() / 100 == 2) {
            return response.body();
        }
        AwsServiceException error = error(response);
        correctClockSkew(error, response);
        throw error;
    }

    private Clock signingClock() {
        Duration skew = clockSkew;
        return skew.isZero() ? clock : Clock.offset(clock, skew);
    }

    /** The SDK's {@code Crc32Validation}: an answer whose body does not match its {@code x-amz-crc32} is lost. */
    private static void verifyCrc32(String operation, HttpTransport.Response response) {
        String expected = response.header("x-amz-crc32");
        if (expected == null) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(response.body());
        if (!expected.trim().equals(Long.toString(crc.getValue()))) {
            throw new AwsException(operation + ": the answer's body does not match its x-amz-crc32 (" + expected
                    + " announced, " + crc.getValue() + " received)", null, true);
        }
    }

    private void correctClockSkew(AwsServiceException error, HttpTransport.Response response) {
        boolean definite = DEFINITE_CLOCK_SKEW.contains(error.errorCode());
        boolean possible = POSSIBLE_CLOCK_SKEW.contains(error.errorCode()) || error.statusCode() == 401
                || error.statusCode() == 403;
        if (!definite && !possible) {
            return;
        }
        Instant server = serverTime(response.header("Date"));
        if (server == null) {
            if (definite) {
                error.markClockSkew();
            }
            return;
        }
        Instant signedAt = signingClock().instant();
        Duration skew = Duration.between(signedAt, server);
        if (definite || skew.abs().compareTo(CLOCK_SKEW_THRESHOLD) >= 0) {
            clockSkew = Duration.between(clock.instant(), server);
            error.markClockSkew();
        }
    }

    /** An HTTP {@code Date} (RFC 1123), else null. */
    static Instant serverTime(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notADate) {
            return null;
        }
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

    /**
     * Waits {@code delay} before a request the caller sends again itself (a batch's unprocessed keys), with this
     * client's {@link Sleeper}; when the thread's {@link Deadline} ends first, fails (retryable) instead.
     */
    public void backoff(String operation, Duration delay) {
        Optional<Duration> left = Deadline.remaining();
        if (left.isPresent() && left.get().compareTo(delay) <= 0) {
            throw new AwsException(operation + ": no time left before the invocation's deadline", null, true);
        }
        try {
            sleeper.sleep(delay.isNegative() ? Duration.ZERO : delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("interrupted while waiting to retry", e, true);
        }
    }

    /** Waits {@code delay}; when the thread's deadline ends first, ends the call with {@code failure} instead. */
    private void pause(String operation, Duration delay, AwsException failure) {
        Optional<Duration> left = Deadline.remaining();
        if (left.isPresent() && left.get().compareTo(delay) <= 0) {
            throw failure != null ? failure
                    : new AwsException(operation + ": no time left before the invocation's deadline", null, true);
        }
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("interrupted while waiting to retry", e, true);
        }
    }

    /**
     * The client's settings; endpoint, region, signing name, target prefix, content type, credentials and transport
     * are required.
     */
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
        private RetryStrategy retries;
        private Sleeper sleeper = Sleeper.THREAD;
        private Clock clock = Clock.systemUTC();

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

        /** The retry strategy ({@link Retries#standard()} unless set); one per client, it holds the retry quota. */
        public Builder retries(RetryStrategy retries) {
            this.retries = retries;
            return this;
        }

        /** What waits out a backoff ({@link Sleeper#THREAD} unless set). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The clock requests are signed with, before any clock-skew correction (the system's unless set). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AwsJsonClient build() {
            return new AwsJsonClient(this);
        }
    }
}
