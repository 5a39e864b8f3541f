package io.callhook.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads request parameters, refusing missing or mistyped ones with DynamoDB's validation messages. */
public final class Requests {

    private Requests() {
    }

    public static String requiredString(JsonNode request, String name) {
        String value = optionalString(request, name);
        if (value == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    public static String optionalString(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw DynamoException.serialization("Unexpected value type for " + name + "; expected a string");
        }
        return node.textValue();
    }

    public static String enumValue(JsonNode request, String name, String fallback, List<String> allowed) {
        String value = optionalString(request, name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    public static Integer optionalInt(JsonNode request, String name, int min, int max) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw DynamoException.serialization("Unexpected value type for " + name + "; expected an integer");
        }
        int value = node.intValue();
        if (value < min) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return value;
    }

    public static Boolean optionalBoolean(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw DynamoException.serialization("Unexpected value type for " + name + "; expected a boolean");
        }
        return node.booleanValue();
    }

    public static JsonNode optionalObject(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DynamoException.serialization("Unexpected value type for " + name + "; expected a structure");
        }
        return node;
    }

    public static JsonNode requiredObject(JsonNode request, String name) {
        JsonNode node = optionalObject(request, name);
        if (node == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return node;
    }

    public static List<JsonNode> optionalList(JsonNode request, String name) {
        JsonNode node = request.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw DynamoException.serialization("Unexpected value type for " + name + "; expected a list");
        }
        List<JsonNode> list = new ArrayList<>();
        node.forEach(list::add);
        return list;
    }

    public static List<JsonNode> requiredList(JsonNode request, String name) {
        List<JsonNode> list = optionalList(request, name);
        if (list == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return list;
    }

    /** A list of structures: an element of another JSON type is a SerializationException, as for a member. */
    public static List<JsonNode> optionalObjects(JsonNode request, String name) {
        List<JsonNode> list = optionalList(request, name);
        if (list != null) {
            for (JsonNode element : list) {
                if (!element.isObject()) {
                    throw DynamoException.serialization("Unexpected value type in " + name + "; expected structures");
                }
            }
        }
        return list;
    }

    public static List<JsonNode> requiredObjects(JsonNode request, String name) {
        List<JsonNode> list = optionalObjects(request, name);
        if (list == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return list;
    }

    public static List<String> optionalStrings(JsonNode request, String name) {
        List<JsonNode> list = optionalList(request, name);
        if (list == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : list) {
            if (!element.isTextual()) {
                throw DynamoException.serialization("Unexpected value type in " + name + "; expected strings");
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    public static Map<String, Value> item(JsonNode request, String name) {
        JsonNode node = optionalObject(request, name);
        return node == null ? null : ValueJson.readItem(node);
    }

    public static Map<String, String> stringMap(JsonNode request, String name) {
        JsonNode node = optionalObject(request, name);
        if (node == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw DynamoException.serialization("Unexpected value type in " + name + "; expected strings");
            }
            map.put(field.getKey(), field.getValue().textValue());
        }
        return map;
    }

    /** Refuses parameters of the legacy (pre-expression) API, which this engine does not implement. */
    public static void refuseLegacy(JsonNode request, String... names) {
        for (String name : names) {
            JsonNode node = request.get(name);
            if (node != null && !node.isNull()) {
                throw DynamoException.validation("The legacy parameter " + name
                        + " is not supported by this engine; use expressions instead");
            }
        }
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String member(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
