package io.callhook.store;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
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
}
