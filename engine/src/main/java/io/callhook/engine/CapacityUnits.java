package io.callhook.engine;

import io.callhook.engine.model.Value;
import io.callhook.engine.model.Values;
import io.callhook.engine.table.IndexDefinition;
import io.callhook.engine.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The read and write units every request consumed, per table and per global secondary index, by DynamoDB's
 * on-demand billing rules, so a benchmark or test can ask what a workload costs. Off until {@link #start}.
 *
 * <ul>
 *   <li>Writes: one unit per started KB of the larger of the item before and after (a write of an unchanged item
 *       still costs its size on the table). An index is charged only when its projection of the item changed: one
 *       write per started KB of the projected item, two writes (delete and put) when its key moved, one (the delete)
 *       when the item left a sparse index. A failed conditional write costs the existing item's size (at least one
 *       unit). Every item of {@code TransactWriteItems}, condition checks included, costs twice; a cancelled
 *       transaction is charged for nothing here. TTL deletions are free.</li>
 *   <li>Reads: one unit per started 4 KB read with a strongly consistent read, half as much eventually consistent;
 *       a Query or Scan page adds the sizes of all items it read (before a filter) and rounds once; GetItem and
 *       BatchGetItem round per item; {@code TransactGetItems} costs twice.</li>
 * </ul>
 */
public final class CapacityUnits {

    /** Units consumed by one table ({@code index} null) or one of its indexes. */
    public record Usage(String table, String index, double readUnits, double writeUnits) {
    }

    private volatile boolean enabled;
    private final Map<String, double[]> totals = new TreeMap<>();

    /** Starts counting, or goes on counting after {@link #stop} (from what was counted; {@link #reset} zeroes). */
    public void start() {
        enabled = true;
    }

    /** Stops counting (requests a harness makes for itself go uncounted); the totals stay readable. */
    public void stop() {
        enabled = false;
    }

    /** Forgets what was counted. */
    public synchronized void reset() {
        totals.clear();
    }

    /** Units per table and index, sorted by table, the table before its indexes. */
    public synchronized List<Usage> usage() {
        List<Usage> usage = new ArrayList<>();
        totals.forEach((id, units) -> {
            int split = id.indexOf('\u0000');
            String index = id.substring(split + 1);
            usage.add(new Usage(id.substring(0, split), index.isEmpty() ? null : index, units[0], units[1]));
        });
        return usage;
    }

    /** All write units counted so far, over every table and index. */
    public synchronized double writeUnits() {
        return totals.values().stream().mapToDouble(units -> units[1]).sum();
    }

    /** All read units counted so far, over every table and index. */
    public synchronized double readUnits() {
        return totals.values().stream().mapToDouble(units -> units[0]).sum();
    }

    /** Charges a set of changes about to be applied ({@code transactional}: twice). Caller holds the lock. */
    void chargeWrites(List<DatabaseCore.Change> changes, boolean transactional) {
        if (!enabled) {
            return;
        }
        int times = transactional ? 2 : 1;
        for (DatabaseCore.Change change : changes) {
            if (change.byTtl()) {
                continue;
            }
            Table table = change.table();
            Map<String, Value> old = table.get(change.key());
            Map<String, Value> next = change.item();
            String name = table.definition().name();
            add(name, null, 0, times * kilobytes(Math.max(size(old), size(next))));
            for (IndexDefinition index : table.definition().indexes().values()) {
                if (!index.global()) {
                    continue;
                }
                Map<String, Value> before = old != null && index.covers(old) ? index.project(old, table.key()) : null;
                Map<String, Value> after = next != null && index.covers(next) ? index.project(next, table.key())
                        : null;
                if (Objects.equals(before, after)) {
                    continue;
                }
                String partition = index.key().partitionName();
                String sort = index.key().sortName();
                boolean moved = before != null && after != null && (!Objects.equals(before.get(partition),
                        after.get(partition)) || (sort != null && !Objects.equals(before.get(sort), after.get(sort))));
                // a put into the index, a delete from it, or both when its key moved; else one update in place
                double units = before != null && after != null && !moved ? kilobytes(Math.max(size(before),
                        size(after))) : (before == null ? 0 : kilobytes(size(before)))
                        + (after == null ? 0 : kilobytes(size(after)));
                add(name, index.name(), 0, times * units);
            }
        }
    }

    /** Charges a conditional write refused by its condition: the existing item's size, at least one unit. */
    void chargeFailedWrite(Table table, Map<String, Value> existing) {
        if (enabled) {
            add(table.definition().name(), null, 0, kilobytes(size(existing)));
        }
    }

    /** Charges reading {@code bytes} from a table or index in one request (or one item of a batch). */
    void chargeRead(String table, String index, long bytes, boolean consistent, int times) {
        if (enabled) {
            add(table, index, Math.max(1, Math.ceil(bytes / 4096.0)) * (consistent ? 1 : 0.5) * times, 0);
        }
    }

    private synchronized void add(String table, String index, double reads, double writes) {
        double[] units = totals.computeIfAbsent(table + '\u0000' + (index == null ? "" : index), id -> new double[2]);
        units[0] += reads;
        units[1] += writes;
    }

    private static long size(Map<String, Value> item) {
        return item == null ? 0 : Values.itemSize(item);
    }

    private static double kilobytes(long bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }
}
