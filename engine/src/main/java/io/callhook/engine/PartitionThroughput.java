package io.callhook.engine;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.Values;
import io.callhook.engine.table.IndexDefinition;
import io.callhook.engine.table.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's per-partition throughput ceiling: each partition serves at most 1,000 write units and 3,000 read units
 * a second, whatever the table's billing mode, and a global secondary index that cannot keep up throttles the
 * writes to its table. The engine models a partition as one partition key value of the table or of an index (the
 * smallest unit DynamoDB can never split) and counts units in one-second windows of the engine's clock. Off until
 * {@link #limit} is called; limits can be scaled down so that one machine reaches them.
 *
 * <p>Write units: one per KB of the larger of the old and the new item, charged to the table's partition and to
 * each affected index partition. Read units: one per 4 KB read (half for an eventually consistent read), charged
 * for GetItem and Query. The peaks seen per partition are kept, so a load test can report how hot its keys ran.
 */
public final class PartitionThroughput {

    /** DynamoDB's documented per-partition ceilings. */
    public static final double DYNAMODB_WRITE_UNITS = 1000;
    public static final double DYNAMODB_READ_UNITS = 3000;

    /** A partition's observed peak units in one second, and how many requests it throttled. */
    public record Peak(String table, String index, String partitionKey, double writeUnits, double readUnits,
                       long throttled) {
    }

    private static final class Window {
        long second = Long.MIN_VALUE;
        double writes;
        double reads;
        double peakWrites;
        double peakReads;
        long throttled;
    }

    private record Charge(String table, String index, String partitionKey, double writes, double reads) {
        String id() {
            return table + "\u0000" + (index == null ? "" : index) + "\u0000" + partitionKey;
        }
    }

    private volatile boolean enabled;
    private volatile double writeLimit;
    private volatile double readLimit;
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Charge> names = new HashMap<>();

    /**
     * Counts units per partition and enforces these limits per second; {@code 0} counts (for {@link #peaks}) without
     * throttling.
     */
    public void limit(double writeUnitsPerSecond, double readUnitsPerSecond) {
        this.writeLimit = writeUnitsPerSecond;
        this.readLimit = readUnitsPerSecond;
        this.enabled = true;
    }

    /** Stops counting and throttling. */
    public void off() {
        this.enabled = false;
        this.writeLimit = 0;
        this.readLimit = 0;
    }

    /** DynamoDB's own ceilings divided by {@code factor} (e.g. 20: 50 write and 150 read units a second). */
    public void limitScaledDown(double factor) {
        limit(DYNAMODB_WRITE_UNITS / factor, DYNAMODB_READ_UNITS / factor);
    }

    public double writeLimit() {
        return writeLimit;
    }

    public double readLimit() {
        return readLimit;
    }

    /** Forgets every window and peak. */
    public synchronized void reset() {
        windows.clear();
        names.clear();
    }

    /** The hottest partitions first (by write units, then read units), at most {@code max}. */
    public synchronized List<Peak> peaks(int max) {
        List<Peak> peaks = new ArrayList<>();
        windows.forEach((id, window) -> {
            Charge name = names.get(id);
            peaks.add(new Peak(name.table(), name.index(), name.partitionKey(), window.peakWrites, window.peakReads,
                    window.throttled));
        });
        peaks.sort(Comparator.comparingDouble(Peak::writeUnits).thenComparingDouble(Peak::readUnits).reversed());
        return peaks.subList(0, Math.min(max, peaks.size()));
    }

    /** Charges the write units of a set of item changes, or throws without charging anything. */
    void chargeWrites(List<DatabaseCore.Change> changes, long nowMillis) {
        if (!enabled) {
            return;
        }
        List<Charge> charges = new ArrayList<>();
        for (DatabaseCore.Change change : changes) {
            if (change.byTtl()) {
                continue;
            }
            Table table = change.table();
            Map<String, Value> old = table.get(change.key());
            Map<String, Value> next = change.item();
            long size = Math.max(old == null ? 0 : Values.itemSize(old), next == null ? 0 : Values.itemSize(next));
            double units = Math.max(1, Math.ceil(size / 1024.0));
            String name = table.definition().name();
            charges.add(new Charge(name, null, text(change.key().get(table.key().partitionName())), units, 0));
            for (IndexDefinition index : table.definition().indexes().values()) {
                if (!index.global()) {
                    continue;
                }
                String oldKey = old != null && index.covers(old) ? text(old.get(index.key().partitionName())) : null;
                String newKey = next != null && index.covers(next) ? text(next.get(index.key().partitionName()))
                        : null;
                if (newKey != null) {
                    charges.add(new Charge(name, index.name(), newKey, units, 0));
                }
                if (oldKey != null && !oldKey.equals(newKey)) {
                    charges.add(new Charge(name, index.name(), oldKey, units, 0));
                }
            }
        }
        charge(charges, nowMillis);
    }

    /** Charges the read units of reading {@code bytes} from one partition of a table or index. */
    void chargeRead(String table, String index, Value partitionKey, long bytes, boolean consistent, long nowMillis) {
        if (!enabled) {
            return;
        }
        double units = Math.max(1, Math.ceil(bytes / 4096.0)) * (consistent ? 1 : 0.5);
        charge(List.of(new Charge(table, index, text(partitionKey), 0, units)), nowMillis);
    }

    private synchronized void charge(List<Charge> charges, long nowMillis) {
        double writes = writeLimit;
        double reads = readLimit;
        long second = Math.floorDiv(nowMillis, 1000);
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (Charge charge : charges) {
            names.putIfAbsent(charge.id(), charge);
            double[] total = totals.computeIfAbsent(charge.id(), id -> new double[2]);
            total[0] += charge.writes();
            total[1] += charge.reads();
        }
        for (Map.Entry<String, double[]> total : totals.entrySet()) {
            Window window = windows.computeIfAbsent(total.getKey(), id -> new Window());
            if (window.second != second) {
                window.second = second;
                window.writes = 0;
                window.reads = 0;
            }
            boolean overWrites = writes > 0 && window.writes + total.getValue()[0] > writes;
            boolean overReads = reads > 0 && window.reads + total.getValue()[1] > reads;
            if (overWrites || overReads) {
                window.throttled++;
                Charge name = names.get(total.getKey());
                throw new DynamoException("ProvisionedThroughputExceededException", "Throughput exceeds the "
                        + "current capacity of a partition of " + (name.index() == null ? "table " + name.table()
                        : "index " + name.index() + " of table " + name.table()) + " (" + (overWrites ? writes
                        + " write" : reads + " read") + " units a second per partition key). Spread the partition "
                        + "key's traffic, or retry.", 400);
            }
        }
        for (Map.Entry<String, double[]> total : totals.entrySet()) {
            Window window = windows.get(total.getKey());
            window.writes += total.getValue()[0];
            window.reads += total.getValue()[1];
            window.peakWrites = Math.max(window.peakWrites, window.writes);
            window.peakReads = Math.max(window.peakReads, window.reads);
        }
    }

    private static String text(Value value) {
        if (value instanceof Value.S s) {
            return s.value();
        }
        if (value instanceof Value.N n) {
            return n.text();
        }
        return value.toString();
    }
}
