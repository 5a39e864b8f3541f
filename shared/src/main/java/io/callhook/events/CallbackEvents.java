package io.callhook.events;

import io.callhook.worklist.CallbackItem;
import io.callhook.store.CallbackStore;
import io.callhook.views.Views;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Publishes the worklist items whose state has not been announced yet, then notes them announced: at least once
 * (a publish that fails leaves the item unannounced, and the next recomputation of its line and number publishes
 * it again; consumers deduplicate by {@code itemId} and {@code state}). Detail types: {@code CallbackOpened},
 * {@code CallbackResolved}, {@code CallbackClosed}, and {@code CallbackRetracted} for an item whose every miss a
 * late answer took back.
 */
public final class CallbackEvents {

    private static final Map<CallbackItem.State, String> TYPES = Map.of(
            CallbackItem.State.OPEN, "CallbackOpened", CallbackItem.State.RESOLVED, "CallbackResolved",
            CallbackItem.State.CLOSED, "CallbackClosed", CallbackItem.State.RETRACTED, "CallbackRetracted");

    private final CallbackStore store;
    private final EventPublisher events;
    private final Clock clock;

    public CallbackEvents(CallbackStore store, EventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** The detail type announcing an item in {@code state}. */
    public static String type(CallbackItem.State state) {
        return TYPES.get(state);
    }

    public void announce(List<CallbackStore.Entry> pending) {
        for (CallbackStore.Entry entry : pending) {
            events.publish(type(entry.item().state()),
                    Views.callbackItem(entry.item(), entry.claimedBy(), entry.claimedAt(), clock.instant()));
            store.announced(entry);
        }
    }
}
