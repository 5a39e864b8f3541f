package io.callhook.engine.table;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partition key and an optional sort key, with their scalar types (S, N or B).
 *
 * @param partitionName the HASH attribute
 * @param partitionType its type
 * @param sortName      the RANGE attribute, or null
 * @param sortType      its type, or null
 */
public record KeySchema(String partitionName, String partitionType, String sortName, String sortType) {

    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    public boolean hasSort() {
        return sortName != null;
    }

    public boolean isKey(String attribute) {
        return attribute.equals(partitionName) || attribute.equals(sortName);
    }

    /** The key attributes of {@code item}, which must hold them (as validated by {@link #checkItem}). */
    public Map<String, Value> keyOf(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put(partitionName, item.get(partitionName));
        if (hasSort()) {
            key.put(sortName, item.get(sortName));
        }
        return key;
    }

    /** Checks that a key given alone (GetItem, DeleteItem, ...) names exactly this schema's attributes. */
    public void checkKey(Map<String, Value> key) {
        if (key.size() != (hasSort() ? 2 : 1) || !key.containsKey(partitionName)
                || (hasSort() && !key.containsKey(sortName))) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkAttribute(partitionName, partitionType, key.get(partitionName), MAX_PARTITION_KEY_BYTES, true);
        if (hasSort()) {
            checkAttribute(sortName, sortType, key.get(sortName), MAX_SORT_KEY_BYTES, true);
        }
    }

    /** Checks that an item to be written carries this schema's key attributes with the right types. */
    public void checkItem(Map<String, Value> item) {
        checkItemAttribute(item, partitionName, partitionType, MAX_PARTITION_KEY_BYTES);
        if (hasSort()) {
            checkItemAttribute(item, sortName, sortType, MAX_SORT_KEY_BYTES);
        }
    }

    private static void checkItemAttribute(Map<String, Value> item, String name, String type, int maxBytes) {
        Value value = item.get(name);
        if (value == null) {
            throw DynamoException.validation("One or more parameter values were invalid: Missing the key " + name
                    + " in the item");
        }
        checkAttribute(name, type, value, maxBytes, false);
    }

    private static void checkAttribute(String name, String type, Value value, int maxBytes, boolean keyOnly) {
        if (!value.type().equals(type)) {
            if (keyOnly) {
                throw DynamoException.validation("The provided key element does not match the schema");
            }
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + name + " expected: " + type + " actual: " + value.type());
        }
        long size = Values.size(value);
        if (size == 0) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty " + (type.equals("S") ? "string" : "binary")
                    + " value. Key: " + name);
        }
        if (size > maxBytes) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of " + (maxBytes
                    == MAX_PARTITION_KEY_BYTES ? "hashkey" : "rangekey") + " has exceeded the maximum size limit of "
                    + maxBytes + " bytes");
        }
    }
}
