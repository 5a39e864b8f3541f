package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import io.callhook.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Items as plain JSON values (an export shows what is stored: strings, numbers, lists, maps, booleans; binary as
 * base64) and DynamoDB keys as opaque cursor text.
 */
public final class ItemJson {

    private ItemJson() {
    }

    /** An item's attributes as JSON values, sorted by name. */
    public static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new TreeMap<>();
        item.forEach((name, value) -> plain.put(name, plain(value)));
        return plain;
    }

    static Object plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> number(value.n());
            case B -> Base64.getEncoder().encodeToString(value.b());
            case SS -> value.ss();
            case NS -> value.ns().stream().map(ItemJson::number).toList();
            case BS -> value.bs().stream().map(b -> Base64.getEncoder().encodeToString(b)).toList();
            case M -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.m().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
            case L -> value.l().stream().map(ItemJson::plain).toList();
            case NULL -> null;
            case BOOL -> value.bool();
        };
    }

    private static Number number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new BigDecimal(text);
        }
    }

    /** Every string an item holds, nested ones included (what a search for a number looks at). */
    static List<String> strings(Map<String, AttributeValue> item) {
        List<String> strings = new ArrayList<>();
        item.values().forEach(value -> strings(value, strings));
        return strings;
    }

    private static void strings(AttributeValue value, List<String> into) {
        switch (value.type()) {
            case S -> into.add(value.s());
            case SS -> into.addAll(value.ss());
            case M -> value.m().values().forEach(v -> strings(v, into));
            case L -> value.l().forEach(v -> strings(v, into));
            default -> { }
        }
    }

    /** A key (string and number attributes) as cursor text. */
    static String cursor(Map<String, AttributeValue> key) {
        Map<String, Object> plain = new TreeMap<>();
        key.forEach((name, value) -> plain.put(name, value.s() != null ? Map.of("S", value.s())
                : Map.of("N", value.n())));
        return Json.write(plain);
    }

    /** The key a cursor text holds. */
    @SuppressWarnings("unchecked")
    static Map<String, AttributeValue> key(String cursor) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        Json.parseObject(cursor).forEach((name, value) -> {
            Map<String, Object> typed = (Map<String, Object>) value;
            key.put(name, typed.containsKey("S") ? AttributeValue.fromS((String) typed.get("S"))
                    : AttributeValue.fromN(String.valueOf(typed.get("N"))));
        });
        return key;
    }
}
