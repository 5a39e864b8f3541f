package io.callhook.dynamodb;

import java.util.List;

/** A transaction was cancelled; one reason per write, in the request's order. */
public final class TransactionCanceledException extends DynamoDbException {

    private final List<CancellationReason> cancellationReasons;

    public TransactionCanceledException(int statusCode, String message, List<CancellationReason> reasons) {
        super(statusCode, "TransactionCanceledException", message);
        this.cancellationReasons = List.copyOf(reasons);
    }

    public boolean hasCancellationReasons() {
        return !cancellationReasons.isEmpty();
    }

    public List<CancellationReason> cancellationReasons() {
        return cancellationReasons;
    }
}
