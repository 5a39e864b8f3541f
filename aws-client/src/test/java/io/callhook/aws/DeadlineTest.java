package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Deadline alone, with a manual ticker: which thread sees which deadline. */
class DeadlineTest {

    @Test
    void workHandedToAnotherThreadKeepsTheInvocationsDeadlineAndLeavesThatThreadWithoutOne() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Deadline ignored = Deadline.begin(Duration.ofNanos(500), now::get)) {
            now.addAndGet(200);
            assertEquals(Optional.of(Duration.ofNanos(300)),
                    pool.submit(Deadline.carried(Deadline::remaining)).get(), "the same instant, on the worker");
            assertEquals(Optional.empty(), pool.submit(Deadline::remaining).get(), "the worker keeps none after");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void withoutADeadlineTheWorkIsUnchanged() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertEquals(Optional.empty(), pool.submit(Deadline.carried(Deadline::remaining)).get());
        } finally {
            pool.shutdown();
        }
    }
}
