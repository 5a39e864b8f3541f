package io.callhook.local;

import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;

/**
 * Runs in a fresh JVM whose class path is one function's deployable jar plus this class: builds the handler from
 * the JVM's environment, as Lambda does, runs its SnapStart priming and prints the operations it sent and the TLS
 * protocols its handshakes negotiated.
 */
public final class PackagedJarProbe {

    private PackagedJarProbe() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName(args[0]).getConstructor(Environment.class).newInstance(Environment.of(System.getenv()));
        SnapStartPriming priming = SnapStartPriming.latest();
        System.out.println("PRIMED " + String.join(",", priming.prime()));
        System.out.println("TLS " + String.join(",", priming.handshakes().stream().map(h -> h.protocol()).toList()));
    }
}
