package io.callhook.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Limits on incoming fields, so every stored value fits DynamoDB (a key at most 2,048 bytes, an item at most
 * 400 KB) and stays readable. A value over a limit is refused with 422, never cut.
 */
public final class FieldRules {

    /** The longest call id, in UTF-8 bytes. */
    public static final int MAX_CALL_ID_BYTES = 512;
    /** The longest other value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 1024;
    /** The most agents one event may name. */
    public static final int MAX_USERS = 50;

    private FieldRules() {
    }

    public static String callId(Fields fields, String... names) {
        String value = null;
        for (String name : names) {
            value = value != null ? value : fields.first(name);
        }
        if (value == null) {
            throw HttpError.unprocessable("field " + names[0] + " is required");
        }
        return limited(names[0], value, MAX_CALL_ID_BYTES);
    }

    /** A call id an agent sends (a path or body value): required, at most {@value #MAX_CALL_ID_BYTES} bytes. */
    public static String callId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw HttpError.unprocessable("field " + name + " is required");
        }
        return limited(name, value, MAX_CALL_ID_BYTES);
    }

    /** A call id a provider may send (a previous or parent call): at most {@value #MAX_CALL_ID_BYTES} bytes. */
    public static String optionalCallId(Fields fields, String name) {
        String value = fields.first(name);
        return value == null ? null : limited(name, value, MAX_CALL_ID_BYTES);
    }

    public static String required(Fields fields, String name) {
        String value = fields.first(name);
        if (value == null) {
            throw HttpError.unprocessable("field " + name + " is required");
        }
        return limited(name, value, MAX_VALUE_BYTES);
    }

    public static String optional(Fields fields, String name) {
        String value = fields.first(name);
        return value == null ? null : limited(name, value, MAX_VALUE_BYTES);
    }

    public static Set<String> list(Fields fields, String name) {
        List<String> values = fields.all(name);
        if (values.size() > MAX_USERS) {
            throw HttpError.unprocessable("field " + name + " names more than " + MAX_USERS + " values");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String value : values) {
            result.add(limited(name, value, MAX_VALUE_BYTES));
        }
        return result;
    }

    public static String limited(String name, String value, int maxBytes) {
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw HttpError.unprocessable("field " + name + " is longer than " + maxBytes + " bytes");
        }
        return value;
    }
}
