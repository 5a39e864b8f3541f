package io.callhook.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out as plain maps, lists, strings, numbers and booleans (jackson-jr: no reflection-based binding).
 * Numbers keep their exact text: an integer that {@code Integer} or {@code Long} writes back unchanged is one of
 * those, any other number a {@link JsonNumber}; nothing is rounded or turned into an infinity.
 */
public final class Json {

    private static final JSON JSON_STD = JSON.std;
    /** Answers and events: every key is written, {@code null} included, so a key never depends on the data. */
    private static final JSON WITH_NULLS = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws MalformedJsonException when the text is not JSON or its top level is not an object
     */
    public static Map<String, Object> parseObject(String text) {
        Object value;
        try (JsonParser parser = JSON_STD.getStreamingFactory().createParser(text)) {
            value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("body has content after its JSON value");
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof MalformedJsonException malformed ? malformed
                    : new MalformedJsonException("body is not valid JSON");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MalformedJsonException("body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new MalformedJsonException("body is not valid JSON");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(parser.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new MalformedJsonException("body is not valid JSON");
        }
    }

    /**
     * An integer whose text is exactly what {@code Integer} or {@code Long} would write is one of those (as
     * jackson-jr reads them); any other number ({@code -0}, {@code 1.5e3}, {@code 1e400}, beyond a long) is a
     * {@link JsonNumber} with its text.
     */
    private static Number number(String text) {
        if (text.length() <= 20 && text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                long value = Long.parseLong(text);
                if (Long.toString(value).equals(text)) {
                    if (value == (int) value) {
                        return Integer.valueOf((int) value);
                    }
                    return Long.valueOf(value);
                }
            } catch (NumberFormatException beyondALong) {
                // kept as text below
            }
        }
        return new JsonNumber(text);
    }

    /**
     * The JSON text of an answer or an event: every map key is written, a {@code null} value as {@code null}, so
     * typed clients see the same keys whatever the data (callhook's one rule for every API and event).
     */
    public static String write(Object value) {
        return write(WITH_NULLS, value);
    }

    /** The JSON text of a log or metrics line: map keys whose value is {@code null} are left out. */
    public static String writeWithoutNulls(Object value) {
        return write(JSON_STD, value);
    }

    private static String write(JSON json, Object value) {
        try {
            return json.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text is not a JSON object. */
    public static final class MalformedJsonException extends RuntimeException {
        public MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }
}
