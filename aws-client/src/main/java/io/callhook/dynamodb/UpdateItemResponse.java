package io.callhook.dynamodb;

import java.util.Map;

/** An UpdateItem answer: the attributes its {@link ReturnValue} asked for (empty for NONE). */
public record UpdateItemResponse(Map<String, AttributeValue> attributes) {

    @Override
    public Map<String, AttributeValue> attributes() {
        return attributes == null ? Map.of() : attributes;
    }

    public boolean hasAttributes() {
        return attributes != null;
    }
}
