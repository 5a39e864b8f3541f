// Test support, no I/O: what the test stream handlers received.
package io.callhook.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the test stream handlers received, per function, in order; tests wait on it with a deadline. */
final class StreamDeliveries {

    /** One call of a stream handler: the records' ids, and what the handler answered. */
    record Invocation(List<DynamodbEvent.DynamodbStreamRecord> records, List<String> reportedFailures,
                      boolean threw) {
        List<String> ids() {
            return records.stream().map(r -> r.getDynamodb().getKeys().get("id").getS()).toList();
        }

        String sequenceNumberOf(String id) {
            return records.stream().filter(r -> r.getDynamodb().getKeys().get("id").getS().equals(id))
                    .findFirst().orElseThrow().getDynamodb().getSequenceNumber();
        }

        boolean failed() {
            return threw || !reportedFailures.isEmpty();
        }
    }

    private static final Map<String, List<Invocation>> BY_FUNCTION = new ConcurrentHashMap<>();

    private StreamDeliveries() {
    }

    static void record(String function, Invocation invocation) {
        BY_FUNCTION.computeIfAbsent(function, f -> new CopyOnWriteArrayList<>()).add(invocation);
    }

    static List<Invocation> of(String function) {
        return List.copyOf(BY_FUNCTION.getOrDefault(function, List.of()));
    }

    /** The function's invocations once {@code done} holds for them; fails after the deadline. */
    static List<Invocation> awaitUntil(String function, Predicate<List<Invocation>> done) {
        return poll(() -> of(function), done, "deliveries to " + function);
    }

    static <T> T poll(Supplier<T> source, Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            T value = source.get();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Ids delivered in invocations that did not fail, in order. */
    static List<String> succeededIds(List<Invocation> invocations) {
        List<String> ids = new ArrayList<>();
        invocations.stream().filter(i -> !i.failed()).forEach(i -> ids.addAll(i.ids()));
        return ids;
    }
}
