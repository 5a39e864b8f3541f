package io.callhook.store;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import java.util.List;
import java.util.Optional;

/**
 * Call records, one per call id. Implementations throw on failure and never swallow a write error: the handler
 * decides what the caller is told.
 */
public interface CallStore {

    /**
     * Merges one event into its call's record, creating the record if needed. Idempotent and order-independent:
     * applying a call's events in any order, each any number of times, leaves the same record.
     *
     * @throws CallOwnedByAnotherSourceException when the call id already belongs to another integration; nothing
     *                                           is written then
     */
    void apply(CallEvent event);

    Optional<CallRecord> find(String callId);

    /**
     * The caller log: the newest calls first, at most {@code limit}, only those of {@code line} when it is not
     * {@code null} (a call's line is its queue, else its own number on the call).
     */
    List<CallRecord> recent(String line, int limit);

    /**
     * Sets the done flag agents see, on every call named, or on none: an unknown id refuses the whole request.
     *
     * @throws UnknownCallException naming an id that has no record; nothing is written then
     */
    void markDone(List<String> callIds, boolean done);
}
