package io.callhook.dynamodb;

import java.util.Map;

/** A GetItem answer: the item, or none ({@link #hasItem()} false, {@link #item()} empty). */
public record GetItemResponse(Map<String, AttributeValue> item) {

    public boolean hasItem() {
        return item != null;
    }

    @Override
    public Map<String, AttributeValue> item() {
        return item == null ? Map.of() : item;
    }
}
