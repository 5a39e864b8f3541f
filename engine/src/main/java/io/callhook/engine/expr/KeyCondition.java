package io.callhook.engine.expr;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;

/**
 * A parsed key condition: equality on the partition key and at most one condition on the sort key. The parser does
 * not know the table's key schema: when both conditions are equalities, the first one written is taken as the
 * partition key; {@link #forSchema} puts the two the right way round for a given schema.
 *
 * @param sort the sort-key condition, null when absent
 */
public record KeyCondition(String partitionName, Value partitionValue, SortKeyCondition sort) {

    /**
     * This condition oriented to a key schema ({@code sortKey} null for a table without one), or a
     * ValidationException when it does not name the schema's keys.
     */
    public KeyCondition forSchema(String partitionKey, String sortKey) {
        KeyCondition oriented;
        if (partitionName.equals(partitionKey)) {
            oriented = this;
        } else if (sort != null && sort.name().equals(partitionKey)) {
            if (sort.operator() != SortKeyCondition.Operator.EQ) {
                throw DynamoException.validation("Query key condition not supported");
            }
            oriented = new KeyCondition(sort.name(), sort.value(),
                    new SortKeyCondition(partitionName, SortKeyCondition.Operator.EQ, partitionValue, null));
        } else {
            throw DynamoException.validation("Query condition missed key schema element: " + partitionKey);
        }
        SortKeyCondition range = oriented.sort();
        if (range != null && !range.name().equals(sortKey)) {
            throw DynamoException.validation("Query condition missed key schema element: "
                    + (sortKey == null ? range.name() : sortKey));
        }
        return oriented;
    }
}
