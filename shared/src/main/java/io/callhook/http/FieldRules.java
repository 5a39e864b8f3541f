package io.callhook.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Limits on incoming fields, so every stored value fits DynamoDB (a key at most 2,048 bytes, an item at most
 * 400 KB) and stays readable. A value over a limit is refused with 422, never cut.
 *
 * <p>Ids, numbers and names (call ids, from, to, user, queue, direction, cause, ...) may not hold control characters
 * (C0, U+0000 to U+001F, and DEL) or lone surrogates: 422 naming the field. Free text (a provider's tag or error
 * message, an agent's user data) may hold tab, line feed and carriage return, and nothing else of those.
 */
public final class FieldLimits {

    /** The longest call id, in UTF-8 bytes. */
    public static final int MAX_CALL_ID_BYTES = 512;
    /** The longest other value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 1024;
    /** The most agents one event may name. */
    public static final int MAX_USERS = 50;

    private FieldLimits() {
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
        return optional(name, fields.first(name));
    }

    /** An optional id or name given on its own (a query parameter): {@code null} stays {@code null}. */
    public static String optional(String name, String value) {
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

    /** Optional free text: at most {@value #MAX_VALUE_BYTES} bytes; tab, line feed and carriage return allowed. */
    public static String optionalText(Fields fields, String name) {
        String value = fields.first(name);
        return value == null ? null : checked(name, value, MAX_VALUE_BYTES, true);
    }

    /** An id, number or name: at most {@code maxBytes} UTF-8 bytes, no control character, no lone surrogate. */
    public static String limited(String name, String value, int maxBytes) {
        return checked(name, value, maxBytes, false);
    }

    private static String checked(String name, String value, int maxBytes, boolean freeText) {
        String problem = unreadable(value, freeText);
        if (problem != null) {
            throw HttpError.unprocessable("field " + name + " " + problem);
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw HttpError.unprocessable("field " + name + " is longer than " + maxBytes + " bytes");
        }
        return value;
    }

    /**
     * Why a value cannot be stored, or {@code null}: "contains a control character (U+0000)" or "contains a lone
     * surrogate". Free text may hold tab, line feed and carriage return.
     */
    public static String unreadable(String value, boolean freeText) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c == 0x7f) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return String.format("contains a control character (U+%04X)", (int) c);
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a lone surrogate";
            }
        }
        return null;
    }
}
