package io.callhook.bench;

import io.callhook.contact.PhoneFormat;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs in a fresh JVM (class path: callhook's shared classes and libphonenumber): what the first formatted number
 * costs a cold function (class loading and the region's metadata), a second region's first number, and a warm
 * number. Prints one line: {@code PROBE firstMs=.. firstCpuMs=.. firstClasses=.. secondRegionMs=.. warmMicros=..}.
 */
public final class PhoneFormatProbe {

    private PhoneFormatProbe() {
    }

    public static void main(String[] args) {
        int before = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        String first = PhoneFormat.display("493023125741", "DE") + PhoneFormat.e164("030 23125741", "DE");
        long firstNanos = System.nanoTime() - start;
        long firstCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - before;
        start = System.nanoTime();
        String second = PhoneFormat.display("+12125550100", "DE");
        long secondNanos = System.nanoTime() - start;
        long[] warm = new long[2001];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            PhoneFormat.display("+4930" + (2312000 + i), "DE");
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.println("PROBE firstMs=" + firstNanos / 1_000_000 + " firstCpuMs=" + firstCpu / 1_000_000
                + " firstClasses=" + classes
                + " secondRegionMs=" + secondNanos / 1_000_000 + " warmMedianMicros=" + warm[warm.length / 2] / 1000
                + " (" + first + ", " + second + ")");
    }
}
