package io.callhook.dynamodb;

import java.util.List;
import java.util.Map;

/** One page of a Query or Scan: its items and the key to continue after (empty on the last page). */
public interface ItemPage {

    List<Map<String, AttributeValue>> items();

    Map<String, AttributeValue> lastEvaluatedKey();

    default boolean hasLastEvaluatedKey() {
        return !lastEvaluatedKey().isEmpty();
    }
}
