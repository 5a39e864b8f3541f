package io.callhook.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import java.util.Map;

/** A write whose condition did not hold; carries the item when the request asked for it (ALL_OLD). */
public final class ConditionalCheckFailedException extends DynamoException {

    private final transient Map<String, Value> item;

    public ConditionalCheckFailedException(Map<String, Value> item) {
        super("ConditionalCheckFailedException", "The conditional request failed", 400);
        this.item = item;
    }

    @Override
    protected void addTo(ObjectNode body) {
        if (item != null) {
            body.set("Item", ValueJson.writeItem(item));
        }
    }
}
