// Unit tests, no I/O: the event source mapping's batching, partial failures, bisection and bounded retries.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StreamBatchesTest {

    /** A stream record: its sequence number and when it was written. */
    record Rec(String seq, Instant at) {
    }

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static StreamBatches<Rec> batches(int batchSize, boolean report, boolean bisect, int retries,
                                              Duration maxAge, int records) {
        StreamBatches<Rec> batches = new StreamBatches<>(
                new StreamBatches.Policy(batchSize, report, bisect, retries, maxAge), Rec::seq, Rec::at);
        batches.add(IntStream.rangeClosed(1, records)
                .mapToObj(i -> new Rec(Integer.toString(100 + i), T0.plusSeconds(i))).toList());
        return batches;
    }

    private static List<String> seqs(List<Rec> records) {
        return records.stream().map(Rec::seq).toList();
    }

    @Test
    void batchesHoldUpToBatchSizeInOrderAndSuccessCheckpoints() {
        StreamBatches<Rec> batches = batches(3, false, false, -1, null, 7);
        List<Rec> first = batches.nextBatch();
        assertEquals(List.of("101", "102", "103"), seqs(first));
        assertEquals(StreamBatches.Result.SUCCEEDED, batches.succeeded(first).result());
        List<Rec> second = batches.nextBatch();
        assertEquals(List.of("104", "105", "106"), seqs(second));
        batches.succeeded(second);
        assertEquals(List.of("107"), seqs(batches.nextBatch()));
    }

    @Test
    void itemFailuresRedeliverFromTheLowestFailedSequenceNumber() {
        StreamBatches<Rec> batches = batches(5, true, false, -1, null, 6);
        List<Rec> batch = batches.nextBatch();
        StreamBatches.Outcome<Rec> outcome = batches.partiallyFailed(batch, List.of("104", "102"));
        assertEquals(StreamBatches.Result.RETRY, outcome.result());
        assertEquals(List.of("102", "103", "104", "105"), seqs(outcome.records()));
        // 101 is checkpointed; the retry is exactly the rest of the batch, not the newer 106
        assertEquals(List.of("102", "103", "104", "105"), seqs(batches.nextBatch()));
        batches.succeeded(batches.nextBatch());
        assertEquals(List.of("106"), seqs(batches.nextBatch()));
    }

    @Test
    void itemFailureRetriesAreBoundedThenTheRestOfTheBatchIsSkipped() {
        StreamBatches<Rec> batches = batches(4, true, false, 2, null, 5);
        batches.partiallyFailed(batches.nextBatch(), List.of("102")); // 101 done, failed once
        StreamBatches.Outcome<Rec> second = batches.partiallyFailed(batches.nextBatch(), List.of("102"));
        assertEquals(2, second.failedAttempts());
        StreamBatches.Outcome<Rec> third = batches.partiallyFailed(batches.nextBatch(), List.of("102"));
        assertEquals(StreamBatches.Result.DISCARDED, third.result());
        assertEquals(3, third.failedAttempts());
        assertEquals("RetryAttemptsExhausted", third.condition());
        assertEquals(List.of("102", "103", "104"), seqs(third.records()));
        assertEquals(List.of("105"), seqs(batches.nextBatch()));
    }

    @Test
    void progressResetsTheRetryCount() {
        StreamBatches<Rec> batches = batches(5, true, false, 1, null, 5);
        batches.partiallyFailed(batches.nextBatch(), List.of("102"));
        // the retry fails later in the batch: 102 and 103 are checkpointed, 104 gets its own retries
        StreamBatches.Outcome<Rec> outcome = batches.partiallyFailed(batches.nextBatch(), List.of("104"));
        assertEquals(StreamBatches.Result.RETRY, outcome.result());
        assertEquals(1, outcome.failedAttempts());
        assertEquals(List.of("104", "105"), seqs(batches.nextBatch()));
    }

    @Test
    void invalidItemIdentifiersFailTheWholeBatch() {
        for (List<String> invalid : List.of(List.of("999"), List.of(""), Collections.<String>singletonList(null))) {
            StreamBatches<Rec> batches = batches(3, true, false, -1, null, 3);
            StreamBatches.Outcome<Rec> outcome = batches.partiallyFailed(batches.nextBatch(), invalid);
            assertEquals(StreamBatches.Result.RETRY, outcome.result());
            assertEquals(List.of("101", "102", "103"), seqs(batches.nextBatch()));
        }
    }

    @Test
    void withoutReportBatchItemFailuresTheResponseIsIgnored() {
        StreamBatches<Rec> batches = batches(3, false, false, -1, null, 4);
        assertEquals(StreamBatches.Result.SUCCEEDED,
                batches.partiallyFailed(batches.nextBatch(), List.of("102")).result());
        assertEquals(List.of("104"), seqs(batches.nextBatch()));
    }

    @Test
    void functionErrorsRetryTheSameBatchUntilRetriesRunOut() {
        StreamBatches<Rec> batches = batches(2, false, false, 2, null, 3);
        assertEquals(1, batches.failed(batches.nextBatch()).failedAttempts());
        assertEquals(List.of("101", "102"), seqs(batches.nextBatch()));
        assertEquals(2, batches.failed(batches.nextBatch()).failedAttempts());
        StreamBatches.Outcome<Rec> last = batches.failed(batches.nextBatch());
        assertEquals(StreamBatches.Result.DISCARDED, last.result());
        assertEquals(List.of("101", "102"), seqs(last.records()));
        assertEquals(List.of("103"), seqs(batches.nextBatch()));
    }

    @Test
    void unlimitedRetriesNeverSkip() {
        StreamBatches<Rec> batches = batches(2, false, false, -1, null, 2);
        for (int i = 0; i < 500; i++) {
            assertEquals(StreamBatches.Result.RETRY, batches.failed(batches.nextBatch()).result());
        }
        assertEquals(2, batches.pending());
    }

    @Test
    void bisectionIsolatesTheFailingRecordWithoutSpendingRetries() {
        StreamBatches<Rec> batches = batches(4, false, true, 1, null, 4);
        String poison = "103";
        int invocationsOfPoisonAlone = 0;
        List<String> delivered = new ArrayList<>();
        while (!batches.isEmpty()) {
            List<Rec> batch = batches.nextBatch();
            if (seqs(batch).contains(poison)) {
                if (batch.size() == 1) {
                    invocationsOfPoisonAlone++;
                }
                StreamBatches.Outcome<Rec> outcome = batches.failed(batch);
                if (batch.size() > 1) {
                    assertEquals(StreamBatches.Result.SPLIT, outcome.result());
                    assertEquals(seqs(batch.subList(0, batch.size() / 2)), seqs(batches.nextBatch()));
                }
            } else {
                delivered.addAll(seqs(batch));
                batches.succeeded(batch);
            }
        }
        assertEquals(2, invocationsOfPoisonAlone, "one call plus MaximumRetryAttempts 1");
        assertEquals(List.of("101", "102", "104"), delivered);
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreSkipped() {
        StreamBatches<Rec> batches = batches(10, false, false, -1, Duration.ofSeconds(60), 5);
        List<Rec> expired = batches.expire(T0.plusSeconds(63));
        assertEquals(List.of("101", "102"), seqs(expired));
        assertEquals(List.of("103", "104", "105"), seqs(batches.nextBatch()));
        assertTrue(batches(10, false, false, -1, null, 5).expire(T0.plusSeconds(10_000)).isEmpty());
    }
}
