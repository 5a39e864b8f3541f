package io.callhook.aws;

import java.util.Set;

/**
 * An AWS service's error answer: HTTP status, the error code from {@code __type} (without its namespace, e.g.
 * {@code ConditionalCheckFailedException}) and the message.
 *
 * <p>Retryable, as the AWS SDKs' standard retry mode classifies errors: any 5xx, HTTP 429, and the throttling
 * error codes below.
 */
public class AwsServiceException extends AwsException {

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
            "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
            "EC2ThrottledException");

    private final int statusCode;
    private final String errorCode;
    private final String errorMessage;

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

    static boolean retryable(int statusCode, String errorCode) {
        return statusCode >= 500 || statusCode == 429 || THROTTLING.contains(errorCode);
    }
}
