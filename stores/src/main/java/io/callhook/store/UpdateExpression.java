package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one DynamoDB update expression and its condition with shared placeholders: every attribute name goes
 * through {@link #name} (so reserved words and any map key are safe) and every value through {@link #value}.
 */
public final class UpdateExpression {

    private final List<String> sets = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    public String name(String attribute) {
        return placeholders.computeIfAbsent(attribute, a -> {
            String placeholder = "#n" + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    public String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    public UpdateExpression set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    public UpdateExpression setIfAbsent(String attribute, AttributeValue value) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
        return this;
    }

    /** Sets {@code attribute} to {@code source}'s stored value, or to {@code value} when {@code source} is absent. */
    public UpdateExpression setFrom(String attribute, String source, AttributeValue value) {
        sets.add(name(attribute) + " = if_not_exists(" + name(source) + ", " + value(value) + ")");
        return this;
    }

    /** Sets one key of a map attribute that exists; with {@code ifAbsent}, only when the key is not there yet. */
    public UpdateExpression setEntry(String map, String key, AttributeValue value, boolean ifAbsent) {
        String path = name(map) + "." + name(key);
        sets.add(ifAbsent ? path + " = if_not_exists(" + path + ", " + value(value) + ")"
                : path + " = " + value(value));
        return this;
    }

    /** Adds to a number, or adds members to a set (creating either). */
    public UpdateExpression add(String attribute, AttributeValue value) {
        adds.add(name(attribute) + " " + value(value));
        return this;
    }

    public UpdateExpression remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    public UpdateExpression removeEntry(String map, String key) {
        removes.add(name(map) + "." + name(key));
        return this;
    }

    public String update() {
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            expression.append(expression.length() > 0 ? " " : "").append("ADD ").append(String.join(", ", adds));
        }
        if (!removes.isEmpty()) {
            expression.append(expression.length() > 0 ? " " : "").append("REMOVE ").append(String.join(", ", removes));
        }
        return expression.toString();
    }

    public Map<String, String> names() {
        return Map.copyOf(names);
    }

    public Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }
}
