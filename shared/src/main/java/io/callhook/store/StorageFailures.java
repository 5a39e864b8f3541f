package io.callhook.store;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Whether a failed AWS call is one a later retry can cure (throttling, 5xx, timeouts, I/O errors, transaction
 * conflicts), so the caller is told to retry (503), or one no retry can cure (a validation error, a missing table,
 * a denied permission), which is a defect to fix (500).
 *
 * <p>The classification is the SDK's own: the standard retry strategy the clients use is asked whether it would
 * retry the failure. On top of it, what the SDK does not retry only because its own time or its own kind of retry
 * ran out: the overall call timeout, and DynamoDB's transaction conflicts (which DynamoDB documents as retryable
 * by the caller).
 */
public final class StorageFailures {

    /** The clients' standard strategy, without the retry quota, so asking it never uses up anything. */
    private static final RetryStrategy STANDARD = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .circuitBreakerEnabled(false).build();

    private StorageFailures() {
    }

    /**
     * Whether DynamoDB refused a write because the item would outgrow its 400 KB limit ("Item size has exceeded
     * the maximum allowed size", also as a transaction's ValidationError reason): the request is too big for the
     * record, which no retry cures and which is no defect either.
     */
    public static boolean itemTooLarge(SdkException failure) {
        if (failure instanceof TransactionCanceledException canceled && canceled.hasCancellationReasons()) {
            return canceled.cancellationReasons().stream().anyMatch(reason -> "ValidationError".equals(reason.code())
                    && isItemSizeMessage(reason.message()));
        }
        return failure instanceof DynamoDbException dynamo && dynamo.awsErrorDetails() != null
                && "ValidationException".equals(dynamo.awsErrorDetails().errorCode())
                && isItemSizeMessage(dynamo.awsErrorDetails().errorMessage());
    }

    private static boolean isItemSizeMessage(String message) {
        return message != null && message.startsWith("Item size") && message.contains("exceeded the maximum");
    }

    public static boolean retryable(SdkException failure) {
        if (failure instanceof ApiCallTimeoutException || failure instanceof TransactionConflictException) {
            return true;
        }
        if (failure instanceof TransactionCanceledException canceled && canceled.hasCancellationReasons()) {
            for (CancellationReason reason : canceled.cancellationReasons()) {
                String code = reason.code();
                if ("TransactionConflict".equals(code) || "ThrottlingError".equals(code)
                        || "ProvisionedThroughputExceeded".equals(code)) {
                    return true;
                }
            }
        }
        try {
            STANDARD.refreshRetryToken(RefreshRetryTokenRequest.builder()
                    .token(STANDARD.acquireInitialToken(AcquireInitialTokenRequest.create("classify")).token())
                    .failure(failure).build());
            return true;
        } catch (TokenAcquisitionFailedException notRetryable) {
            return false;
        }
    }
}
