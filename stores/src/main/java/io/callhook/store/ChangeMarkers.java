package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Change markers: numbers in one item that a writer raises ({@code ADD <attribute> 1}, one plain update) after a
 * write that changed what a list shows, and that a reader reads first (strongly consistent) to tag its answer, so
 * a poll whose tag names the current markers is answered {@code 304} without reading the list. A reader that sees
 * a raised marker reads what was written before it; a replayed or retried write raises it again (harmless: a
 * client reads the list once more). One item may hold several markers (one update raises any of them together).
 */
final class ChangeMarkers {

    private final DynamoDbJsonClient dynamo;
    private final String table;

    ChangeMarkers(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Raises {@code attributes} of the marker item at {@code key} by one, in one update. */
    void raise(Map<String, AttributeValue> key, List<String> attributes) {
        StringBuilder update = new StringBuilder("ADD ");
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            update.append(i == 0 ? "" : ", ").append("#m").append(i).append(" :one");
            names.put("#m" + i, attributes.get(i));
        }
        dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    /** The marker {@code attribute} at {@code key}, read strongly consistent; {@code "0"} if never raised. */
    String read(Map<String, AttributeValue> key, String attribute) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null ? "0" : value.n();
    }
}
