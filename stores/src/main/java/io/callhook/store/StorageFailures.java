package io.callhook.store;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsServiceException;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.TransactionCanceledException;

/**
 * Whether a failed AWS call is one a later retry can cure (throttling, 5xx, timeouts, I/O errors, transaction
 * conflicts), so the caller is told to retry (503), or one no retry can cure (a validation error, a missing table,
 * a denied permission), which is a defect to fix (500).
 *
 * <p>The classification is the client's own (the AWS SDKs' standard one, {@link AwsException#retryable()}), plus
 * DynamoDB's transaction conflicts, which DynamoDB documents as retryable by the caller though the SDKs do not
 * retry them.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /**
     * Whether DynamoDB refused a write because the item would outgrow its 400 KB limit ("Item size has exceeded
     * the maximum allowed size", also as a transaction's ValidationError reason): the request is too big for the
     * record, which no retry cures and which is no defect either.
     */
    public static boolean itemTooLarge(AwsException failure) {
        if (failure instanceof TransactionCanceledException canceled && canceled.hasCancellationReasons()) {
            return canceled.cancellationReasons().stream().anyMatch(reason -> "ValidationError".equals(reason.code())
                    && isItemSizeMessage(reason.message()));
        }
        return failure instanceof AwsServiceException service && "ValidationException".equals(service.errorCode())
                && isItemSizeMessage(service.errorMessage());
    }

    private static boolean isItemSizeMessage(String message) {
        return message != null && message.startsWith("Item size") && message.contains("exceeded the maximum");
    }

    public static boolean retryable(AwsException failure) {
        if (failure instanceof AwsServiceException service
                && "TransactionConflictException".equals(service.errorCode())) {
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
        return failure.retryable();
    }
}
