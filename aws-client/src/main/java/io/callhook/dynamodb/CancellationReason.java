package io.callhook.dynamodb;

import java.util.Map;

/**
 * Why one write of a cancelled transaction failed ({@code None} for the writes that were fine), with the item as
 * it was when asked for with ALL_OLD (empty otherwise).
 */
public record CancellationReason(String code, String message, Map<String, AttributeValue> item) {

    public CancellationReason {
        item = item == null ? Map.of() : Map.copyOf(item);
    }

    public boolean hasItem() {
        return !item.isEmpty();
    }
}
