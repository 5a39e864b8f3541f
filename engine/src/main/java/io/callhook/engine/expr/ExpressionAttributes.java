package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Map;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request, shared by all of its
 * expressions. Records which placeholders the expressions used, so that unused ones can be refused as DynamoDB does.
 */
public final class ExpressionAttributes {
    // CONTRACT (filled in by the expression work):
    // public ExpressionAttributes(Map<String, String> names, Map<String, Value> values)
    // String name(String placeholder)   -> the attribute name, or ValidationException if undefined
    // Value value(String placeholder)   -> the value, or ValidationException if undefined
    // void checkAllUsed()               -> ValidationException naming unused names or values

    public ExpressionAttributes(Map<String, String> names, Map<String, Value> values) {
        throw new UnsupportedOperationException("not yet");
    }

    public void checkAllUsed() {
        throw new UnsupportedOperationException("not yet");
    }
}
