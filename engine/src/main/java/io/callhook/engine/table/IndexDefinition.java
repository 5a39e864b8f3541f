package io.callhook.engine.table;

import io.callhook.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secondary index: its key schema, whether it is global, and which attributes it projects.
 *
 * @param name             the index name
 * @param global           true for a GSI, false for an LSI
 * @param key              the index key schema
 * @param projectionType   ALL, KEYS_ONLY or INCLUDE
 * @param nonKeyAttributes the attributes INCLUDE adds
 */
public record IndexDefinition(String name, boolean global, KeySchema key, String projectionType,
                              List<String> nonKeyAttributes) {

    /** Whether {@code item} appears in this (sparse) index: it must carry every index key attribute. */
    public boolean covers(Map<String, Value> item) {
        return item.get(key.partitionName()) != null && (!key.hasSort() || item.get(key.sortName()) != null);
    }

    /** The item as the index stores it, given the table's key schema. */
    public Map<String, Value> project(Map<String, Value> item, KeySchema tableKey) {
        if (projectionType.equals("ALL")) {
            return item;
        }
        Map<String, Value> projected = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (tableKey.isKey(name) || key.isKey(name)
                    || (projectionType.equals("INCLUDE") && nonKeyAttributes.contains(name))) {
                projected.put(name, value);
            }
        });
        return projected;
    }
}
