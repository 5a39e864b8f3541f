// Unit tests, no I/O: one read per integration and time-to-live, a stale copy when a read fails.
package io.callhook.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedRoutingRulesTest {

    final AtomicLong now = new AtomicLong();
    final List<String> reads = new ArrayList<>();
    RuntimeException failure;

    CachedRoutingRules cache = new CachedRoutingRules(integration -> {
        reads.add(integration);
        if (failure != null) {
            throw failure;
        }
        return new RoutingRules(integration, Map.of("49" + reads.size(), ""), Map.of(), null);
    }, Duration.ofSeconds(30), now::get);

    @Test
    void eachIntegrationIsReadOncePerTimeToLive() {
        RoutingRules first = cache.of("pbx");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertSame(first, cache.of("pbx"));
        cache.of("other");
        assertEquals(List.of("pbx", "other"), reads);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        RoutingRules second = cache.of("pbx");
        assertEquals(List.of("pbx", "other", "pbx"), reads);
        assertEquals(Map.of("493", ""), second.blocked(), "the rules read again, not the cached ones");
    }

    @Test
    void aFailedReadFallsBackToTheEarlierCopyAndTheNextRequestReadsAgain() {
        RoutingRules first = cache.of("pbx");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        failure = new IllegalStateException("storage down");
        assertSame(first, cache.of("pbx"));
        assertSame(first, cache.of("pbx"));
        assertEquals(3, reads.size());
    }

    /**
     * Without an earlier copy the read's own failure reaches the caller unchanged (so the handler answers it as the
     * storage failure it is: 503 when a retry can cure it), nothing is cached for it, and the first read that works
     * again is used and kept.
     */
    @Test
    void aFailedReadWithoutAnEarlierCopyFailsAsItIsAndIsNotCached() {
        failure = new IllegalStateException("storage down");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cache.of("pbx")));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cache.of("pbx")),
                "the next request reads again");
        assertEquals(List.of("pbx", "pbx"), reads);

        failure = null;
        RoutingRules recovered = cache.of("pbx");
        assertEquals(Map.of("493", ""), recovered.blocked(), "the rules of the read that worked");
        assertSame(recovered, cache.of("pbx"));
        assertEquals(3, reads.size(), "and kept for the time to live");
    }

    @Test
    void aZeroTimeToLiveReadsEveryTime() {
        CachedRoutingRules uncached = new CachedRoutingRules(integration -> {
            reads.add(integration);
            return RoutingRules.none(integration);
        }, Duration.ZERO, now::get);
        uncached.of("pbx");
        uncached.of("pbx");
        assertEquals(List.of("pbx", "pbx"), reads);
    }
}
