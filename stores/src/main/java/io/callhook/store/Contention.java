package io.callhook.store;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsServiceException;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.TransactionCanceledException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Store writes that lost a race to another writer of the same items: which failures a store tries again itself
 * (inside the invocation, bounded, after a pause) rather than failing the record, and the pause.
 *
 * <p>Contended: a transaction cancelled for a {@code TransactionConflict} (another transaction on one of its items
 * was in flight) or for a {@code ThrottlingError} / {@code ProvisionedThroughputExceeded} reason on one of its
 * items, and {@code TransactionConflictException} (a single-item write on an item a transaction holds). The AWS
 * SDKs do not retry these (a cancelled transaction is a 400), DynamoDB documents them as the caller's to retry.
 * Throttling of a whole request, 5xx and I/O errors are the client's to retry, not the store's.
 */
public final class Contention {

    private Contention() {
    }

    /** The pause before the next attempt of a contended write. Tests inject one that records and returns. */
    @FunctionalInterface
    public interface Backoff {

        /**
         * Pauses after the {@code failures}-th contended attempt (1, 2, ...).
         *
         * @throws IllegalStateException when interrupted (the attempt is not made)
         */
        void pause(int failures);

        /**
         * Exponential backoff with full jitter, as the AWS SDKs' standard mode: a random pause up to
         * {@code min(1 s, 25 ms x 2^(failures - 1))}; at most about 2.6 s over seven pauses.
         */
        static Backoff standard() {
            return failures -> {
                long ceiling = Math.min(1000, 25L << Math.min(failures - 1, 10));
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to retry a contended write", e);
                }
            };
        }
    }

    /** Whether {@code failure} is a contended write (see above), which the same write may cure after a pause. */
    public static boolean contended(AwsException failure) {
        if (failure instanceof TransactionCanceledException canceled) {
            return canceled.hasCancellationReasons() && canceled.cancellationReasons().stream()
                    .map(CancellationReason::code).anyMatch(code -> "TransactionConflict".equals(code)
                            || "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code));
        }
        return failure instanceof AwsServiceException service
                && "TransactionConflictException".equals(service.errorCode());
    }
}
