package io.callhook.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes attribute values in DynamoDB's JSON wire form ({@code {"S": "x"}}, {@code {"N": "1"}}, ...),
 * refusing what DynamoDB refuses with its error types: empty or ambiguous values, empty sets, duplicate set
 * elements, numbers it cannot store, NULL that is not {@code true}.
 */
public final class ValueJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The AttributeValue members; others are ignored, as DynamoDB ignores members it does not know. */
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS");
    /** DynamoDB's limit on nested lists and maps. */
    public static final int MAX_NESTING = 32;

    private ValueJson() {
    }

    /** An item (a map of attribute values); {@code null} or a JSON null gives an empty map. */
    public static Map<String, Value> readItem(JsonNode node) {
        return readItem(node, 0);
    }

    private static Map<String, Value> readItem(JsonNode node, int depth) {
        Map<String, Value> item = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return item;
        }
        if (!node.isObject()) {
            throw DynamoException.serialization("Unexpected value type in payload; expected a map of attribute values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            item.put(field.getKey(), read(field.getValue(), depth));
        }
        return item;
    }

    public static Value read(JsonNode node) {
        return read(node, 0);
    }

    /** One value inside {@code depth} lists or maps. */
    private static Value read(JsonNode node, int depth) {
        if (node == null || !node.isObject()) {
            throw DynamoException.serialization("Unexpected value type in payload; expected an AttributeValue object");
        }
        Value found = null;
        int types = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull() || !TYPES.contains(field.getKey())) {
                continue;
            }
            types++;
            found = readTyped(field.getKey(), field.getValue(), depth);
        }
        if (types == 0) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (types > 1) {
            throw DynamoException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                            + "supported datatypes");
        }
        return found;
    }

    private static Value readTyped(String type, JsonNode node, int depth) {
        if ((type.equals("L") || type.equals("M")) && depth >= MAX_NESTING) {
            throw DynamoException.validation("Nesting Levels have exceeded supported limits");
        }
        switch (type) {
            case "S":
                return new Value.S(text(node, type));
            case "N":
                return new Value.N(number(text(node, type)));
            case "B":
                return new Value.B(binary(node));
            case "BOOL":
                if (!node.isBoolean()) {
                    throw DynamoException.serialization("Unexpected value type in payload for BOOL");
                }
                return new Value.Bool(node.booleanValue());
            case "NULL":
                if (!node.isBoolean()) {
                    throw DynamoException.serialization("Unexpected value type in payload for NULL");
                }
                if (!node.booleanValue()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Null attribute value "
                            + "types must have the value of true");
                }
                return new Value.Null();
            case "L": {
                List<Value> values = new ArrayList<>();
                for (JsonNode element : array(node, type)) {
                    values.add(read(element, depth + 1));
                }
                return new Value.L(values);
            }
            case "M":
                if (!node.isObject()) {
                    throw DynamoException.serialization("Unexpected value type in payload for M");
                }
                return new Value.M(readItem(node, depth + 1));
            case "SS": {
                List<String> values = new ArrayList<>();
                for (JsonNode element : array(node, type)) {
                    values.add(text(element, type));
                }
                return new Value.SS(set(values, "string"));
            }
            case "NS": {
                List<BigDecimal> values = new ArrayList<>();
                for (JsonNode element : array(node, type)) {
                    values.add(number(text(element, type)));
                }
                return new Value.NS(set(values, "number"));
            }
            case "BS": {
                List<Value.B> values = new ArrayList<>();
                for (JsonNode element : array(node, type)) {
                    values.add(new Value.B(binary(element)));
                }
                return new Value.BS(set(values, "binary"));
            }
            default:
                throw DynamoException.serialization("Unknown AttributeValue type: " + type);
        }
    }

    private static <T> Set<T> set(List<T> values, String kind) {
        if (values.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: An " + kind
                    + " set  may not be empty");
        }
        Set<T> set = new LinkedHashSet<>(values);
        if (set.size() != values.size()) {
            throw DynamoException.validation("One or more parameter values were invalid: Input collection "
                    + values + " contains duplicates.");
        }
        return set;
    }

    private static String text(JsonNode node, String type) {
        if (!node.isTextual()) {
            throw DynamoException.serialization("Unexpected value type in payload for " + type + "; expected a string");
        }
        return node.textValue();
    }

    private static Iterable<JsonNode> array(JsonNode node, String type) {
        if (!node.isArray()) {
            throw DynamoException.serialization("Unexpected value type in payload for " + type + "; expected a list");
        }
        return node;
    }

    private static BigDecimal number(String text) {
        try {
            return Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw DynamoException.validation(e.getMessage());
        }
    }

    private static byte[] binary(JsonNode node) {
        if (!node.isTextual()) {
            throw DynamoException.serialization("Unexpected value type in payload for B; expected a base64 string");
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded value is not valid: " + e.getMessage());
        }
    }

    public static ObjectNode writeItem(Map<String, Value> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    public static ObjectNode write(Value value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof Value.S s) {
            node.put("S", s.value());
        } else if (value instanceof Value.N n) {
            node.put("N", n.text());
        } else if (value instanceof Value.B b) {
            node.put("B", Base64.getEncoder().encodeToString(b.value()));
        } else if (value instanceof Value.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof Value.Null) {
            node.put("NULL", true);
        } else if (value instanceof Value.L l) {
            ArrayNode array = node.putArray("L");
            l.values().forEach(element -> array.add(write(element)));
        } else if (value instanceof Value.M m) {
            node.set("M", writeItem(m.values()));
        } else if (value instanceof Value.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.values().forEach(array::add);
        } else if (value instanceof Value.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.values().forEach(element -> array.add(Numbers.text(element)));
        } else if (value instanceof Value.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.values().forEach(element -> array.add(Base64.getEncoder().encodeToString(element.value())));
        }
        return node;
    }
}
