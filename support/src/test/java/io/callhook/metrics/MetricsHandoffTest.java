// Unit (the metric lines on standard output): values recorded by work handed to other threads (parallel reads) are
// written with the invocation's own, and nothing is kept for work handed off outside an invocation or while muted.
package io.callhook.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.CapturedLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class MetricsHandoffTest {

    private static List<Map<String, Object>> run(Runnable invocation) throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            invocation.run();
            return log.lines();
        }
    }

    private static void handOffTwoCounts() {
        Metrics.Handoff handoff = Metrics.handoff();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.invokeAll(List.of(handoff.wrap(() -> {
                Metrics.count(Metrics.STORAGE_LATENCY, "Operation", "Query");
                return 1;
            }), handoff.wrap(() -> {
                Metrics.count(Metrics.STORAGE_LATENCY, "Operation", "Query");
                return 2;
            })));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        handoff.join();
    }

    @Test
    void valuesOfHandedOffWorkAreWrittenWithTheInvocationsOwn() throws Exception {
        List<Map<String, Object>> lines = run(() -> {
            Metrics.begin();
            Metrics.count(Metrics.STORAGE_LATENCY, "Operation", "Query");
            handOffTwoCounts();
            Metrics.flush();
        });
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(3.0, ((Number) lines.get(0).get(Metrics.STORAGE_LATENCY)).doubleValue());
    }

    @Test
    void workHandedOffWhileMutedKeepsNothing() throws Exception {
        List<Map<String, Object>> lines = run(() -> Metrics.muted(() -> {
            Metrics.begin();
            handOffTwoCounts();
            Metrics.flush();
            return null;
        }));
        assertEquals(List.of(), lines);
    }
}
