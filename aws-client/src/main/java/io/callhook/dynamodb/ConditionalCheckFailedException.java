package io.callhook.dynamodb;

import java.util.Map;

/** A write's condition did not hold; {@link #item()} is the item as it was when asked for with ALL_OLD. */
public final class ConditionalCheckFailedException extends DynamoDbException {

    private final Map<String, AttributeValue> item;

    public ConditionalCheckFailedException(int statusCode, String message, Map<String, AttributeValue> item) {
        super(statusCode, "ConditionalCheckFailedException", message);
        this.item = item;
    }

    public boolean hasItem() {
        return item != null;
    }

    public Map<String, AttributeValue> item() {
        return item == null ? Map.of() : item;
    }
}
