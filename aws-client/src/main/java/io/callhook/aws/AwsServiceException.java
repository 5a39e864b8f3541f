package io.callhook.aws;

import java.util.Set;

/**
 * An AWS service's error answer: HTTP status, the error code from {@code __type} (without its namespace, e.g.
 * {@code ConditionalCheckFailedException}) and the message.
 *
 * <p>Classified as the AWS SDK for Java 2.x classifies a service error (the BOM's version: {@code AwsErrorCode},
 * {@code SdkDefaultRetrySetting}, {@code AwsServiceException#isThrottlingException}):
 * <ul>
 *   <li>{@link #throttling()}: HTTP 429 or one of the SDK's throttling error codes. Throttling is retried with the
 *       throttling backoff (see {@link Retries});</li>
 *   <li>{@link #retryable()}: throttling, HTTP 500, 502, 503 or 504 (not every 5xx), one of the SDK's retryable
 *       error codes, or a clock-skew error ({@link #clockSkew()}, see {@link AwsJsonClient}).</li>
 * </ul>
 */
public class AwsServiceException extends AwsException {

    /** {@code AwsErrorCode.THROTTLING_ERROR_CODES}. */
    static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled",
            "SlowDown", "EC2ThrottledException");

    /** {@code AwsErrorCode.RETRYABLE_ERROR_CODES}. */
    static final Set<String> RETRYABLE_CODES = Set.of("RequestTimeout", "RequestTimeoutException", "InternalError",
            "PriorRequestNotComplete");

    /** {@code SdkDefaultRetrySetting.RETRYABLE_STATUS_CODES}. */
    static final Set<Integer> RETRYABLE_STATUS = Set.of(500, 502, 503, 504);

    private final int statusCode;
    private final String errorCode;
    private final String errorMessage;
    private volatile boolean clockSkew;

    public AwsServiceException(int statusCode, String errorCode, String errorMessage) {
        super(errorCode + " (HTTP " + statusCode + "): " + errorMessage, null, retryable(statusCode, errorCode));
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public int statusCode() {
        return statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** HTTP 429 or a throttling error code: retried with the throttling backoff. */
    public boolean throttling() {
        return throttling(statusCode, errorCode);
    }

    /** Whether a retry can cure it; a clock-skew error is retryable (the client has taken the server's time). */
    @Override
    public boolean retryable() {
        return super.retryable() || clockSkew;
    }

    /** Whether the client read this answer as a clock-skew error ({@link AwsJsonClient} says when). */
    public boolean clockSkew() {
        return clockSkew;
    }

    void markClockSkew() {
        clockSkew = true;
    }

    static boolean throttling(int statusCode, String errorCode) {
        return statusCode == 429 || THROTTLING.contains(errorCode);
    }

    static boolean retryable(int statusCode, String errorCode) {
        return RETRYABLE_STATUS.contains(statusCode) || throttling(statusCode, errorCode)
                || RETRYABLE_CODES.contains(errorCode);
    }
}
