package io.callhook.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Any JSON value in and out as plain maps, lists, strings, numbers, booleans and null. */
final class LocalJson {

    private static final JSON STD = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    private static final JSON WITH_NULLS = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private LocalJson() {
    }

    /**
     * Parses any JSON value.
     *
     * @throws IllegalArgumentException when the text is not JSON
     */
    static Object parse(String text) {
        try {
            return STD.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    static Map<String, Object> parseObject(String text) {
        if (!(parse(text) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return cast(map);
    }

    static String write(Object value) {
        try {
            return STD.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #write}, keeping map keys whose value is {@code null} (what a function published, as it was). */
    static String writeWithNulls(Object value) {
        try {
            return WITH_NULLS.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
