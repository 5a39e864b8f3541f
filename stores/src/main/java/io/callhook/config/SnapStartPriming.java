package io.callhook.config;

import io.callhook.metrics.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's request path once before SnapStart takes its snapshot, so the classes it needs are loaded and
 * initialised in the snapshot instead of on the first request. The path is the real one (the handler, its store,
 * marshalling and signing) on clients whose HTTP transport is a {@link PrimingHttpClient}: nothing leaves the
 * process, so priming writes to no table. Then TLS ({@link PrimingTls}): the default TLS context and its trust store,
 * and full handshakes with an endpoint in this process, so a restored function's first request to AWS does not load
 * the TLS stack either. Outside SnapStart (tests, the local stack) nothing runs unless asked.
 */
public final class SnapStartPriming implements Resource {

    /** CRaC holds resources weakly; these keep them alive for the snapshot. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final Supplier<List<String>> prime;
    private volatile List<PrimingTls.Handshake> handshakes = List.of();

    private SnapStartPriming(Supplier<List<String>> prime) {
        this.prime = prime;
    }

    /**
     * Registers a priming run; it returns the AWS operations it sent to its {@link PrimingHttpClient} (so a test can
     * see the real request path ran).
     */
    public static void register(Supplier<List<String>> prime) {
        SnapStartPriming resource = new SnapStartPriming(prime);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /** The priming registered last (by the handler built last), for tests. */
    public static SnapStartPriming latest() {
        return REGISTERED.get(REGISTERED.size() - 1);
    }

    /**
     * Runs the priming, as SnapStart does before its snapshot, with metrics off (priming is not traffic): the request
     * path, then TLS; returns the operations the request path sent.
     */
    public List<String> prime() {
        return Metrics.muted(() -> {
            List<String> operations = prime.get();
            handshakes = PrimingTls.prime();
            return operations;
        });
    }

    /** The TLS handshakes the last {@link #prime()} completed (none before it ran). */
    public List<PrimingTls.Handshake> handshakes() {
        return handshakes;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
