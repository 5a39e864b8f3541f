package io.callhook.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON in and out as plain maps, lists, strings, numbers and booleans (jackson-jr: no reflection-based binding).
 */
public final class Json {

    private static final JSON JSON_STD = JSON.std;

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
            value = JSON_STD.anyFrom(parser);
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

    public static String write(Object value) {
        try {
            return JSON_STD.asString(value);
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
