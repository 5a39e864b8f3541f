package io.callhook.store;

import io.callhook.routing.RoutingRules;

/**
 * Each integration's call routing rules ({@link RoutingRules}): one document per integration, so the webhook reads
 * them with one request. Entries are given in {@link io.callhook.routing.PhoneNumbers}' normal form; every write is
 * idempotent (setting an entry again to the same value, or removing one that is gone, changes nothing).
 */
public interface RoutingStore {

    /**
     * The integration's rules, {@link RoutingRules#none} when it has none.
     *
     * @param consistent a strongly consistent read (the admin API's), else an eventually consistent one (the
     *                   webhook's, half the cost; its cache makes it stale for longer anyway)
     */
    RoutingRules rules(String integration, boolean consistent);

    /** Blocks a number or prefix (an entry ending in {@code *}), with a note; replaces the note of an entry. */
    void block(String integration, String entry, String note);

    /** Removes a block-list entry; {@code false} when there was none. */
    boolean unblock(String integration, String entry);

    /** Outbound calls to destinations starting with {@code prefix} present {@code callerId}. */
    void setCallerId(String integration, String prefix, String callerId);

    /** Removes a caller-id rule; {@code false} when there was none. */
    boolean removeCallerId(String integration, String prefix);

    /** The caller id of outbound calls no rule matches; {@code null} removes it. */
    void setDefaultCallerId(String integration, String callerId);
}
