package io.callhook.cti;

import io.callhook.http.Fields;
import java.time.Instant;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Before SnapStart takes its snapshot, runs the translation path once on a sample event so its classes are loaded
 * and initialised in the snapshot. Writes nothing.
 */
final class SnapStartPriming implements Resource {

    private static final SnapStartPriming INSTANCE = new SnapStartPriming();

    private SnapStartPriming() {
    }

    static void register() {
        Core.getGlobalContext().register(INSTANCE);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Fields sample = Fields.builder()
                .add("event", "hangup").add("callId", "snapstart-priming").add("direction", "in")
                .add("from", "0").add("to", "0").add("user[]", "priming").add("cause", "cancel")
                .build();
        CtiEvents.translate(sample, "priming", Instant.EPOCH);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
