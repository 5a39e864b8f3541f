package io.callhook.routing;

import io.callhook.log.Log;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Each integration's routing rules, read at most once per {@code ttl} by one warm function instance: a change made
 * through the admin API reaches every instance within {@code ttl}. An integration without rules is cached too, so
 * it pays the same single read. When a read fails and an earlier copy exists, the earlier copy is used (and the next
 * request reads again); without one, the failure propagates.
 */
public final class CachedRoutingRules {

    private final Function<String, RoutingRules> loader;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(RoutingRules rules, long atNanos) {
    }

    public CachedRoutingRules(Function<String, RoutingRules> loader, Duration ttl) {
        this(loader, ttl, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime} outside tests */
    public CachedRoutingRules(Function<String, RoutingRules> loader, Duration ttl, LongSupplier nanoTime) {
        this.loader = loader;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    public RoutingRules of(String integration) {
        long now = nanoTime.getAsLong();
        Loaded cached = loaded.get(integration);
        if (cached != null && now - cached.atNanos() < ttlNanos) {
            return cached.rules();
        }
        try {
            RoutingRules rules = loader.apply(integration);
            loaded.put(integration, new Loaded(rules, now));
            return rules;
        } catch (RuntimeException e) {
            if (cached == null) {
                throw e;
            }
            Log.warn("routing rules read failed; using the earlier copy", "integration", integration,
                    "exception", e.getClass().getSimpleName());
            return cached.rules();
        }
    }
}
