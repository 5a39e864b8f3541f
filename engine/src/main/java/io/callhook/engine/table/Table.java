package io.callhook.engine.table;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.SortKeyCondition;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A table's items and its secondary indexes, kept sorted as DynamoDB keeps them: by partition key, and inside a
 * partition by sort key (for an index: by the index sort key, then the table key). Not thread-safe: the
 * {@link io.callhook.engine.Database} serialises access.
 */
public final class Table {

    private final TableDefinition definition;
    private final Store primary = new Store();
    private final Map<String, Store> indexes = new LinkedHashMap<>();

    public Table(TableDefinition definition) {
        this.definition = definition;
        definition.indexes().keySet().forEach(name -> indexes.put(name, new Store()));
    }

    public TableDefinition definition() {
        return definition;
    }

    public KeySchema key() {
        return definition.key();
    }

    public long itemCount() {
        return primary.count;
    }

    public long sizeBytes() {
        return primary.bytes;
    }

    /** Per index: {item count, size in bytes}. */
    public Map<String, long[]> indexStats() {
        Map<String, long[]> stats = new LinkedHashMap<>();
        indexes.forEach((name, store) -> stats.put(name, new long[] {store.count, store.bytes}));
        return stats;
    }

    public Map<String, Value> get(Map<String, Value> key) {
        NavigableMap<SortedKey, Map<String, Value>> partition = primary.partitions.get(
                key.get(key().partitionName()));
        return partition == null ? null : partition.get(primaryPosition(key));
    }

    /**
     * Checks what an item must satisfy to be stored: key attributes and index key attributes of the declared
     * types, not empty, within size limits.
     */
    public void checkItem(Map<String, Value> item) {
        if (item.containsKey("")) {
            throw DynamoException.validation("One or more parameter values were invalid: An attribute name in an "
                    + "item cannot be empty");
        }
        key().checkItem(item);
        for (IndexDefinition index : definition.indexes().values()) {
            checkIndexAttribute(index, index.key().partitionName(), index.key().partitionType(), item);
            if (index.key().hasSort()) {
                checkIndexAttribute(index, index.key().sortName(), index.key().sortType(), item);
            }
        }
        if (Values.itemSize(item) > 400 * 1024) {
            throw DynamoException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static void checkIndexAttribute(IndexDefinition index, String name, String type,
                                            Map<String, Value> item) {
        Value value = item.get(name);
        if (value == null) {
            return;
        }
        if (!value.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + name + " Expected: " + type + " Actual: " + value.type() + " IndexName: " + index.name());
        }
        if (Values.size(value) == 0) {
            throw DynamoException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                    + "empty string value. IndexName: " + index.name() + ", IndexKey: " + name);
        }
    }

    /** Stores {@code item} (already checked), replacing the item with its key; returns the old item or null. */
    public Map<String, Value> put(Map<String, Value> item) {
        Map<String, Value> old = remove(key().keyOf(item));
        Map<String, Value> stored = Collections.unmodifiableMap(new LinkedHashMap<>(item));
        primary.add(item.get(key().partitionName()), primaryPosition(stored), stored);
        for (IndexDefinition index : definition.indexes().values()) {
            if (index.covers(stored)) {
                indexes.get(index.name()).add(stored.get(index.key().partitionName()), indexPosition(index, stored),
                        stored);
            }
        }
        return old;
    }

    /** Removes the item with {@code key}; returns it, or null when there was none. */
    public Map<String, Value> remove(Map<String, Value> key) {
        Value partitionKey = key.get(key().partitionName());
        Map<String, Value> old = primary.remove(partitionKey, primaryPosition(key));
        if (old != null) {
            for (IndexDefinition index : definition.indexes().values()) {
                if (index.covers(old)) {
                    indexes.get(index.name()).remove(old.get(index.key().partitionName()), indexPosition(index, old));
                }
            }
        }
        return old;
    }

    /** Adds an index to a table that already holds items (UpdateTable), filling it from the items. */
    public void buildIndex(IndexDefinition index) {
        Store store = new Store();
        for (NavigableMap<SortedKey, Map<String, Value>> partition : primary.partitions.values()) {
            for (Map<String, Value> item : partition.values()) {
                if (index.covers(item)) {
                    checkIndexAttribute(index, index.key().partitionName(), index.key().partitionType(), item);
                    store.add(item.get(index.key().partitionName()), indexPosition(index, item), item);
                }
            }
        }
        indexes.put(index.name(), store);
    }

    public void dropIndex(String name) {
        indexes.remove(name);
    }

    /** Every item, in scan order. */
    public Iterable<Map<String, Value>> items() {
        List<Map<String, Value>> all = new ArrayList<>();
        primary.partitions.values().forEach(partition -> all.addAll(partition.values()));
        return all;
    }

    /**
     * The items of one partition of the table ({@code index} null) or of an index, in key order or reversed,
     * restricted by a sort key condition, starting after {@code exclusiveStart} when given.
     */
    public Iterator<Map<String, Value>> query(IndexDefinition index, Value partitionKey, SortKeyCondition condition,
                                              boolean forward, Map<String, Value> exclusiveStart) {
        Store store = index == null ? primary : indexes.get(index.name());
        NavigableMap<SortedKey, Map<String, Value>> partition = store.partitions.get(partitionKey);
        if (partition == null) {
            return Collections.emptyIterator();
        }
        NavigableMap<SortedKey, Map<String, Value>> range = restrict(partition, condition);
        if (exclusiveStart != null) {
            SortedKey start = index == null ? primaryPosition(exclusiveStart) : indexPosition(index, exclusiveStart);
            range = forward ? range.tailMap(start, false) : range.headMap(start, false);
        }
        return (forward ? range : range.descendingMap()).values().iterator();
    }

    private static NavigableMap<SortedKey, Map<String, Value>> restrict(
            NavigableMap<SortedKey, Map<String, Value>> partition, SortKeyCondition condition) {
        if (condition == null) {
            return partition;
        }
        Value value = condition.value();
        switch (condition.operator()) {
            case EQ:
                return partition.subMap(SortedKey.before(value), false, SortedKey.after(value), false);
            case LT:
                return partition.headMap(SortedKey.before(value), false);
            case LE:
                return partition.headMap(SortedKey.after(value), false);
            case GT:
                return partition.tailMap(SortedKey.after(value), false);
            case GE:
                return partition.tailMap(SortedKey.before(value), false);
            case BEGINS_WITH:
                return prefixRange(partition.tailMap(SortedKey.before(value), false), condition);
            case BETWEEN:
                if (Values.compare(value, condition.upper()) > 0) {
                    return Collections.emptyNavigableMap();
                }
                return partition.subMap(SortedKey.before(value), false, SortedKey.after(condition.upper()), false);
            default:
                throw new IllegalStateException("unknown operator " + condition.operator());
        }
    }

    /**
     * Every item of the table or an index in scan order (partition by partition), restricted to one segment of
     * {@code totalSegments}, starting after {@code exclusiveStart}.
     */
    public Iterator<Map<String, Value>> scan(IndexDefinition index, int segment, int totalSegments,
                                             Map<String, Value> exclusiveStart) {
        Store store = index == null ? primary : indexes.get(index.name());
        KeySchema scanKey = index == null ? key() : index.key();
        NavigableMap<Value, NavigableMap<SortedKey, Map<String, Value>>> partitions = store.partitions;
        SortedKey startPosition = null;
        if (exclusiveStart != null) {
            Value startPartition = exclusiveStart.get(scanKey.partitionName());
            partitions = partitions.tailMap(startPartition, true);
            startPosition = index == null ? primaryPosition(exclusiveStart) : indexPosition(index, exclusiveStart);
        }
        List<Iterable<Map<String, Value>>> parts = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<Value, NavigableMap<SortedKey, Map<String, Value>>> partition : partitions.entrySet()) {
            if (totalSegments > 1 && Math.floorMod(partition.getKey().hashCode(), totalSegments) != segment) {
                first = false;
                continue;
            }
            NavigableMap<SortedKey, Map<String, Value>> entries = partition.getValue();
            if (first && startPosition != null
                    && partition.getKey().equals(exclusiveStart.get(scanKey.partitionName()))) {
                entries = entries.tailMap(startPosition, false);
            }
            first = false;
            parts.add(entries.values());
        }
        return new ConcatIterator(parts.iterator());
    }

    private SortedKey primaryPosition(Map<String, Value> key) {
        return new SortedKey(key().hasSort() ? key.get(key().sortName()) : SortedKey.NONE, null, null, 0);
    }

    private SortedKey indexPosition(IndexDefinition index, Map<String, Value> item) {
        Value sort = index.key().hasSort() ? item.get(index.key().sortName()) : SortedKey.NONE;
        return new SortedKey(sort, item.get(key().partitionName()),
                key().hasSort() ? item.get(key().sortName()) : SortedKey.NONE, 0);
    }

    /** One sorted store: the table's items or one index's entries. */
    private static final class Store {
        final NavigableMap<Value, NavigableMap<SortedKey, Map<String, Value>>> partitions =
                new TreeMap<>(Values.KEY_ORDER);
        long count;
        long bytes;

        void add(Value partitionKey, SortedKey position, Map<String, Value> item) {
            Map<String, Value> previous = partitions.computeIfAbsent(partitionKey,
                    ignored -> new TreeMap<>(SortedKey.ORDER)).put(position, item);
            if (previous != null) {
                bytes -= Values.itemSize(previous);
                count--;
            }
            count++;
            bytes += Values.itemSize(item);
        }

        Map<String, Value> remove(Value partitionKey, SortedKey position) {
            NavigableMap<SortedKey, Map<String, Value>> partition = partitions.get(partitionKey);
            if (partition == null) {
                return null;
            }
            Map<String, Value> old = partition.remove(position);
            if (old != null) {
                count--;
                bytes -= Values.itemSize(old);
                if (partition.isEmpty()) {
                    partitions.remove(partitionKey);
                }
            }
            return old;
        }
    }

    /** The entries whose sort value begins with the condition's prefix: a contiguous run from the range's start. */
    private static NavigableMap<SortedKey, Map<String, Value>> prefixRange(
            NavigableMap<SortedKey, Map<String, Value>> fromPrefix, SortKeyCondition condition) {
        SortedKey last = null;
        for (Map.Entry<SortedKey, Map<String, Value>> entry : fromPrefix.entrySet()) {
            if (!condition.test(entry.getKey().sort())) {
                break;
            }
            last = entry.getKey();
        }
        return last == null ? Collections.emptyNavigableMap() : fromPrefix.headMap(last, true);
    }

    /** The items of several partitions one after the other, read lazily. */
    private static final class ConcatIterator implements Iterator<Map<String, Value>> {
        private final Iterator<Iterable<Map<String, Value>>> parts;
        private Iterator<Map<String, Value>> current = Collections.emptyIterator();

        ConcatIterator(Iterator<Iterable<Map<String, Value>>> parts) {
            this.parts = parts;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && parts.hasNext()) {
                current = parts.next().iterator();
            }
            return current.hasNext();
        }

        @Override
        public Map<String, Value> next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return current.next();
        }
    }
}
