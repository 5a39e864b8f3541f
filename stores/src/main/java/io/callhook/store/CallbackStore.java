package io.callhook.store;

import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The callback worklist: per organization, line and caller number, the facts of the calls between them and the closures
 * by hand, and the items computed from them ({@link io.callhook.worklist.WorklistFromFacts}). Every change stores a
 * fact; one heard after every other fact of its line and number changes the open item (or opens the next) with
 * version-conditioned writes, any other recomputes the items from all stored facts with a version-checked write, so
 * replays and any order of changes converge to what the rules make of the facts. Every read and write names one
 * organization; another organization's item is a missing one.
 */
public interface CallbackStore {

    /**
     * Stores what one call means for the worklist ({@code fact} empty: nothing, any more), unless a newer
     * {@code version} of the call is stored already, and recomputes the items of the lines and numbers it touched.
     *
     * @param callKey   the call's record key ({@code <integration>:<callId>})
     * @param expiresAt when the call's record expires (the call's index goes with it)
     * @return the items of those lines and numbers whose state has not been announced yet
     */
    List<Entry> record(String organizationId, String callKey, String version, Optional<CallbackFact> fact,
                       Instant expiresAt);

    /** Notes that the item's current state was published; a state it no longer has is left alone. */
    void announced(Entry entry);

    /** One item; empty for an unknown, retracted or malformed id. */
    Optional<Entry> item(String organizationId, String itemId);

    /**
     * One page of a line's open items, oldest first miss first; it ends after {@code limit} items or before the one
     * that would take the sizes past {@code maxBytes} (the first always fits).
     *
     * @throws InvalidPageTokenException for a token this list did not give out
     */
    Page<Entry> open(String organizationId, String line, int limit, int maxBytes, ToIntFunction<Entry> size,
                     String token);

    /**
     * One page of the open items of one line, or of every line of the organization ({@code line} null), oldest
     * first miss first, only those {@code filter} accepts; a page examines at most {@code maxExamined} items (its
     * token then continues after the last one examined, so the pages always end).
     *
     * @throws InvalidPageTokenException for a token this list did not give out
     */
    Page<Entry> open(String organizationId, String line, java.util.function.Predicate<Entry> filter,
                     int maxExamined, int limit, int maxBytes, ToIntFunction<Entry> size, String token);

    /**
     * The organization's worklist change marker: a value raised after every write that changes one of its items
     * (a miss, an attempt, a resolution, a closure, a claim or release), read consistently, so a list tagged with
     * it is at least as new as the marker.
     */
    String changeMarker(String organizationId);

    /**
     * Makes {@code agentId} the item's only holder; claiming an item one holds already changes nothing.
     *
     * @throws UnknownCallbackException    for an unknown item
     * @throws CallbackConflictException   when another agent holds it, or it is no longer open
     */
    Entry claim(String organizationId, String itemId, String agentId, Instant now);

    /** Gives up the agent's claim; releasing an item nobody holds changes nothing. Throws as {@link #claim}. */
    Entry release(String organizationId, String itemId, String agentId);

    /**
     * Closes an open item by hand (a closure fact, see {@link io.callhook.worklist.CallbackClosure}); closing an item
     * that is closed already changes nothing. Throws as {@link #claim} (a resolved item is a conflict).
     */
    Entry close(String organizationId, String itemId, String agentId, String reason, Instant now);

    /**
     * A line's worklist at a glance: its open items and the oldest first miss among them, and the items resolved
     * on {@code day} in {@code zone} (from its first instant there to the next day's) with the median time to callback
     * of those resolved by a callback.
     */
    Summary summary(String organizationId, String line, LocalDate day, ZoneId zone);

    /**
     * An item as stored: the computed item and the claim agents set beside it.
     *
     * @param announced the state last published, {@code null} before the first
     */
    record Entry(CallbackItem item, String claimedBy, Instant claimedAt, String announced) {
    }

    /** A line's summary; times of items that do not exist are {@code null}. */
    record Summary(long openItems, Instant oldestFirstMissedAt, long resolvedToday, Map<String, Long> resolvedByHow,
                   Long medianSecondsToCallback) {
    }
}
