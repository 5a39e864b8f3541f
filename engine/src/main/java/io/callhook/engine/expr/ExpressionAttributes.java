package io.callhook.engine.expr;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request, shared by all of its
 * expressions. Records which placeholders the expressions used, so that unused ones can be refused as DynamoDB does.
 * One instance serves one request on one thread.
 */
public final class ExpressionAttributes {

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /** Either map may be null when the request has no such parameter. */
    public ExpressionAttributes(Map<String, String> names, Map<String, Value> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    /** The attribute name a {@code #placeholder} stands for, marked as used; null when undefined. */
    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    /** The value a {@code :placeholder} stands for, marked as used; null when undefined. */
    Value value(String placeholder) {
        Value value = values.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }

    /**
     * Throws a ValidationException naming the placeholders no expression of the request used: names first, as
     * DynamoDB checks them first.
     */
    public void checkAllUsed() {
        List<String> unusedNames = unused(names.keySet(), usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        List<String> unusedValues = unused(values.keySet(), usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: "
                    + "keys: {" + String.join(", ", unusedValues) + "}");
        }
    }

    private static List<String> unused(Set<String> defined, Set<String> used) {
        List<String> unused = new ArrayList<>();
        for (String key : defined) {
            if (!used.contains(key)) {
                unused.add(key);
            }
        }
        return unused;
    }
}
