package io.callhook.store;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Call records, one per integration and call id ({@link CallKeys}), each in the organization of the integration
 * that wrote it. Implementations throw on failure and never swallow a write error: the handler decides what the
 * caller is told.
 */
public interface CallStore {

    /**
     * Merges one event into its call's record, creating the record if needed, stamped with the organization of the
     * event's integration. Idempotent and order-independent: applying a call's events in any order, each any number
     * of times, leaves the same record. A link ({@code previousCallId}) names a call of the same integration.
     */
    void apply(CallEvent event);

    /** The record with this key ({@code <integration>:<callId>}), read consistently. */
    Optional<CallRecord> find(String callKey);

    /**
     * One page of an organization's caller log: the newest calls first, only those of {@code line} when it is not
     * {@code null} (a call's line is its queue, else its own number on the call). A page ends after {@code limit}
     * calls, before the call that would take the sizes ({@code size}) past {@code maxBytes} (the first call always
     * fits), or when the page has looked at as many calls as it may; its token continues it.
     *
     * @throws InvalidPageTokenException for a token this list did not give out
     */
    Page<CallRecord> recent(String organization, String line, int limit, int maxBytes,
                            ToIntFunction<CallRecord> size, String token);

    /**
     * As {@link #recent}, only the calls first heard of within {@code from} to {@code to} (inclusive; either may be
     * {@code null}: open) that {@code filter} accepts. The range narrows the index read itself; the filter is
     * applied to the calls read, and a page examines at most {@code maxExamined} calls: it may then hold fewer than
     * {@code limit} (even none) and its token continues after the last call examined, so every page makes progress
     * and the list ends.
     *
     * @throws InvalidPageTokenException for a token this list did not give out
     */
    Page<CallRecord> history(String organization, String line, java.time.Instant from, java.time.Instant to,
                             java.util.function.Predicate<CallRecord> filter, int maxExamined, int limit,
                             int maxBytes, ToIntFunction<CallRecord> size, String token);

    /**
     * Sets the done flag agents see, on every call named, or on none: a key with no record in {@code organization}
     * refuses the whole request.
     *
     * @throws UnknownCallException naming the first such key; nothing is written then
     */
    void markDone(String organization, List<String> callKeys, boolean done);
}
