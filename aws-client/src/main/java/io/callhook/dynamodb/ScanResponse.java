package io.callhook.dynamodb;

import java.util.List;
import java.util.Map;

/**
 * A Scan answer: the items (none when only counting), how many matched, and the key to continue after (empty on
 * the last page).
 */
public record ScanResponse(List<Map<String, AttributeValue>> items, Integer count,
                           Map<String, AttributeValue> lastEvaluatedKey) implements ItemPage {

    public ScanResponse {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey == null ? Map.of() : Map.copyOf(lastEvaluatedKey);
    }

    public boolean hasItems() {
        return !items.isEmpty();
    }
}
