package io.callhook.dynamodb;

import java.util.List;
import java.util.Map;

/**
 * A Query answer: the items (none when only counting), how many matched, and the key to continue after (empty on
 * the last page).
 */
public record QueryResponse(List<Map<String, AttributeValue>> items, Integer count,
                            Map<String, AttributeValue> lastEvaluatedKey) implements ItemPage {

    public QueryResponse {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey == null ? Map.of() : Map.copyOf(lastEvaluatedKey);
    }

    public boolean hasItems() {
        return !items.isEmpty();
    }
}
