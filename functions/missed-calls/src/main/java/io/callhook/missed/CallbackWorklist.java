package io.callhook.missed;

import io.callhook.call.CallRecord;
import io.callhook.worklist.CallbackFact;
import io.callhook.call.MissSettings;
import io.callhook.events.CallbackEvents;
import io.callhook.log.Log;
import io.callhook.store.CallbackStore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The callback worklist's part of the stream function: stores what a changed call means for its line and caller
 * number ({@link CallbackFact}, versioned so that only the newest image of the call counts), lets the store
 * recompute the items it touches, and publishes the items whose state changed. A fact's number is keyed by the
 * number keyer (the handler's: E.164 in the organization's default region, {@link io.callhook.contact.NumberKeys}),
 * so every spelling of one number makes one item.
 */
final class CallbackWorklist {

    private final CallbackStore store;
    private final CallbackEvents events;
    private final Supplier<MissSettings> rules;
    private final BiFunction<String, String, String> numberKey;

    /**
     * @param numberKey given an organization and a usable caller number, the key its facts are grouped under
     */
    CallbackWorklist(CallbackStore store, CallbackEvents events, Supplier<MissSettings> rules,
                     BiFunction<String, String, String> numberKey) {
        this.store = store;
        this.events = events;
        this.rules = rules;
        this.numberKey = numberKey;
    }

    /** Applies the new image of a call ({@code null} when it was deleted: TTL, which changes nothing here). */
    void apply(CallRecord call) {
        if (call == null || call.organizationId() == null || call.callId() == null) {
            return;
        }
        String organization = call.organizationId();
        Optional<CallbackFact> fact = CallbackFact.of(call, rules.get(),
                number -> numberKey.apply(organization, number));
        if (fact.isEmpty() && !call.answered() && !call.ended()) {
            // Neither answered nor ended: no image of this call before this one had a fact either (images only
            // gain facts), so there is nothing to take back and nothing to store.
            return;
        }
        List<CallbackStore.Entry> pending = store.record(call.organizationId(), call.id(),
                CallbackFact.version(call, fact), fact, call.expiresAt());
        events.announce(pending);
        pending.forEach(entry -> Log.info("callback item " + entry.item().state().wire(), "itemId",
                entry.item().id(), "line", entry.item().line(), "misses", entry.item().missCount()));
    }
}
