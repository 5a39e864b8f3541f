package io.callhook.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The records of one shard that still have to reach the function, and what Lambda's event source mapping does with
 * the outcome of each batch; no I/O, so each rule can be tested alone.
 *
 * <ul>
 *   <li>Batches hold up to {@code BatchSize} records, in sequence-number order.</li>
 *   <li>A batch whose function call succeeded is checkpointed: its records are never delivered again.</li>
 *   <li>With {@code ReportBatchItemFailures}, a response naming failed sequence numbers checkpoints the records
 *       before the lowest of them and re-delivers from it to the end of the batch. A response naming an identifier
 *       that is empty or not in the batch counts as a function error; without the setting the response is
 *       ignored.</li>
 *   <li>A function error re-delivers the same batch; with {@code BisectBatchOnFunctionError} the batch is split in
 *       halves first (splitting does not count as a retry) until a failing batch of one record is left.</li>
 *   <li>After {@code MaximumRetryAttempts} retries (-1: no limit) of the batch at the head of the shard, that batch
 *       is skipped and handed back for the on-failure destination; so are records older than
 *       {@code MaximumRecordAgeInSeconds}.</li>
 * </ul>
 *
 * @param <R> a stream record
 */
final class StreamBatches<R> {

    /** The event source mapping settings these rules follow. {@code maximumRecordAge} null: no limit. */
    record Policy(int batchSize, boolean reportBatchItemFailures, boolean bisectOnError, int maximumRetryAttempts,
                  Duration maximumRecordAge) {
        Policy {
            if (batchSize < 1) {
                throw new IllegalArgumentException("BatchSize must be at least 1");
            }
        }
    }

    enum Result { SUCCEEDED, RETRY, SPLIT, DISCARDED }

    /**
     * What became of a batch. For {@code RETRY} the records that will be delivered again, for {@code SPLIT} the
     * half delivered next, for {@code DISCARDED} the records skipped; {@code failedAttempts} counts the failed
     * calls of the batch at the head of the shard.
     */
    record Outcome<R>(Result result, List<R> records, int failedAttempts, String condition) {
    }

    private final Policy policy;
    private final Function<R, String> sequenceNumber;
    private final Function<R, Instant> createdAt;
    private final Deque<R> pending = new ArrayDeque<>();
    /** Sizes of the next batches, fixed by retries and bisection; empty: batches of {@code batchSize}. */
    private final Deque<Integer> planned = new ArrayDeque<>();
    private int failedAttempts;

    StreamBatches(Policy policy, Function<R, String> sequenceNumber, Function<R, Instant> createdAt) {
        this.policy = policy;
        this.sequenceNumber = sequenceNumber;
        this.createdAt = createdAt;
    }

    void add(Collection<R> records) {
        pending.addAll(records);
    }

    int pending() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The next batch to deliver, oldest records first; empty when nothing is pending. */
    List<R> nextBatch() {
        int size = Math.min(planned.isEmpty() ? policy.batchSize() : planned.peekFirst(), pending.size());
        List<R> batch = new ArrayList<>(size);
        for (R record : pending) {
            if (batch.size() == size) {
                break;
            }
            batch.add(record);
        }
        return batch;
    }

    /** Skips the records at the head that are older than {@code MaximumRecordAgeInSeconds}; empty if none. */
    List<R> expire(Instant now) {
        List<R> expired = new ArrayList<>();
        if (policy.maximumRecordAge() == null) {
            return expired;
        }
        Instant oldestAllowed = now.minus(policy.maximumRecordAge());
        while (!pending.isEmpty() && createdAt.apply(pending.peekFirst()).isBefore(oldestAllowed)) {
            expired.add(pending.pollFirst());
        }
        if (!expired.isEmpty()) {
            planned.clear();
            failedAttempts = 0;
        }
        return expired;
    }

    Outcome<R> succeeded(List<R> batch) {
        requireHead(batch);
        planned.pollFirst();
        checkpoint(batch.size());
        return new Outcome<>(Result.SUCCEEDED, batch, 0, null);
    }

    /** The function threw (or timed out) on the batch. */
    Outcome<R> failed(List<R> batch) {
        requireHead(batch);
        planned.pollFirst();
        int size = batch.size();
        if (policy.bisectOnError() && size > 1) {
            planned.addFirst(size - size / 2);
            planned.addFirst(size / 2);
            return new Outcome<>(Result.SPLIT, batch.subList(0, size / 2), failedAttempts, null);
        }
        return retryOrDiscard(batch);
    }

    /** The function answered with {@code batchItemFailures} naming these item identifiers. */
    Outcome<R> partiallyFailed(List<R> batch, List<String> failedIdentifiers) {
        requireHead(batch);
        if (!policy.reportBatchItemFailures() || failedIdentifiers.isEmpty()) {
            return succeeded(batch);
        }
        int lowest = Integer.MAX_VALUE;
        for (String identifier : failedIdentifiers) {
            int position = positionOf(batch, identifier);
            if (position < 0) {
                return failed(batch);
            }
            lowest = Math.min(lowest, position);
        }
        planned.pollFirst();
        checkpoint(lowest);
        return retryOrDiscard(batch.subList(lowest, batch.size()));
    }

    private Outcome<R> retryOrDiscard(List<R> batch) {
        failedAttempts++;
        int attempts = failedAttempts;
        if (policy.maximumRetryAttempts() >= 0 && attempts > policy.maximumRetryAttempts()) {
            checkpoint(batch.size());
            return new Outcome<>(Result.DISCARDED, List.copyOf(batch), attempts, "RetryAttemptsExhausted");
        }
        planned.addFirst(batch.size());
        return new Outcome<>(Result.RETRY, List.copyOf(batch), attempts, null);
    }

    private int positionOf(List<R> batch, String identifier) {
        if (identifier == null || identifier.isBlank()) {
            return -1;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (identifier.equals(sequenceNumber.apply(batch.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private void checkpoint(int count) {
        for (int i = 0; i < count; i++) {
            pending.pollFirst();
        }
        if (count > 0) {
            failedAttempts = 0;
        }
    }

    private void requireHead(List<R> batch) {
        if (batch.isEmpty() || pending.peekFirst() != batch.get(0)) {
            throw new IllegalStateException("a batch must start at the oldest pending record");
        }
    }
}
