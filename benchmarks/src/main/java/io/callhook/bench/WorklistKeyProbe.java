package io.callhook.bench;

import io.callhook.contact.NumberKeys;
import io.callhook.worklist.CallbackFact;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs in a fresh JVM on the missed-calls function's jar: what the worklist's first E.164 key costs the stream
 * function's cold start (libphonenumber's classes and the region's metadata), after the function's own handler
 * class and the worklist's hand-written number check are loaded; then a second region's first key and a warm key.
 * Prints one line: {@code PROBE firstMs=.. firstCpuMs=.. firstClasses=.. secondRegionMs=.. warmMedianMicros=..}.
 */
public final class WorklistKeyProbe {

    private WorklistKeyProbe() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Class.forName("io.callhook.missed.MissedCallsHandler");
        String usable = CallbackFact.usableNumber("0049 30 23125741");
        int before = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        String first = NumberKeys.worklist(usable, "DE");
        long firstNanos = System.nanoTime() - start;
        long firstCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - before;
        start = System.nanoTime();
        String second = NumberKeys.worklist("2125550100", "US");
        long secondNanos = System.nanoTime() - start;
        long[] warm = new long[2001];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            NumberKeys.worklist("004930" + (2312000 + i), "DE");
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.println("PROBE firstMs=" + firstNanos / 1_000_000 + " firstCpuMs=" + firstCpu / 1_000_000
                + " firstClasses=" + classes + " secondRegionMs=" + secondNanos / 1_000_000
                + " warmMedianMicros=" + warm[warm.length / 2] / 1000 + " (" + first + ", " + second + ")");
    }
}
