package io.callhook.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded negative cache of token hashes that matched nobody, so a client repeating a wrong token costs no
 * storage request each time. Keyed by the token's SHA-256 (never the token); at most {@code capacity} entries (the
 * least recently seen go first) and each forgotten after {@code ttl}, so a token issued meanwhile works after at
 * most {@code ttl}. Thread-safe.
 */
public final class UnknownTokens {

    /** The defaults: 10,000 hashes (about 1 MB), each for one minute. */
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Instant> expiries;

    public UnknownTokens() {
        this(DEFAULT_CAPACITY, DEFAULT_TTL, Clock.systemUTC());
    }

    public UnknownTokens(int capacity, Duration ttl, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
        this.expiries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > UnknownTokens.this.capacity;
            }
        };
    }

    /** Whether this token hash was found unknown less than {@code ttl} ago. */
    public synchronized boolean contains(String tokenHash) {
        Instant expiry = expiries.get(tokenHash);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            expiries.remove(tokenHash);
            return false;
        }
        return true;
    }

    public synchronized void add(String tokenHash) {
        expiries.put(tokenHash, clock.instant().plus(ttl));
    }

    public synchronized int size() {
        return expiries.size();
    }
}
