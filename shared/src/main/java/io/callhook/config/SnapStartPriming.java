package io.callhook.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's request path once on sample data before SnapStart takes its snapshot, so the classes it needs
 * are loaded and initialised in the snapshot instead of on the first request. The sample path must not write
 * anything. Outside SnapStart (tests, the local stack) nothing runs.
 */
public final class SnapStartPriming implements Resource {

    /** CRaC holds resources weakly; these keep them alive for the snapshot. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final Runnable prime;

    private SnapStartPriming(Runnable prime) {
        this.prime = prime;
    }

    public static void register(Runnable prime) {
        SnapStartPriming resource = new SnapStartPriming(prime);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
