package io.callhook.engine.table;

import io.callhook.engine.model.Value;
import io.callhook.engine.model.Values;
import java.util.Comparator;

/**
 * A position inside one partition: the (index) sort value, then the table's key to tell apart index entries with
 * equal sort values. {@code edge} is -1 or +1 for a bound just before or after every entry with this sort value.
 */
record SortedKey(Value sort, Value tablePartition, Value tableSort, int edge) {

    static final Value NONE = new Value.Null();

    static final Comparator<SortedKey> ORDER = (a, b) -> {
        int bySort = Values.compare(a.sort, b.sort);
        if (bySort != 0) {
            return bySort;
        }
        if (a.edge != 0 || b.edge != 0) {
            return Integer.compare(a.edge, b.edge);
        }
        int byPartition = a.tablePartition == null ? 0 : Values.compare(a.tablePartition, b.tablePartition);
        if (byPartition != 0) {
            return byPartition;
        }
        return a.tableSort == null ? 0 : Values.compare(a.tableSort, b.tableSort);
    };

    static SortedKey before(Value sort) {
        return new SortedKey(sort, null, null, -1);
    }

    static SortedKey after(Value sort) {
        return new SortedKey(sort, null, null, 1);
    }
}
