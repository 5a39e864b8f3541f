package io.callhook.engine.model;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Map;

/** Orders and sizes values as DynamoDB does. */
public final class Values {

    /** Orders key values: numbers numerically, strings by code point (UTF-8 byte order), binary unsigned. */
    public static final Comparator<Value> KEY_ORDER = Values::compare;

    private static final int MAP_OR_LIST_OVERHEAD = 3;

    private Values() {
    }

    /**
     * Compares two scalar values of the same type (S, N or B); values of different types order by type name so
     * the comparator stays total.
     */
    public static int compare(Value a, Value b) {
        if (a instanceof Value.N x && b instanceof Value.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof Value.S x && b instanceof Value.S y) {
            return compareStrings(x.value(), y.value());
        }
        if (a instanceof Value.B x && b instanceof Value.B y) {
            return x.compareTo(y);
        }
        return a.type().compareTo(b.type());
    }

    /** String order by Unicode code point, which is UTF-8 byte order. */
    public static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** An item's size as DynamoDB counts it against the 400 KB limit: names plus values. */
    public static long itemSize(Map<String, Value> item) {
        long size = 0;
        for (Map.Entry<String, Value> attribute : item.entrySet()) {
            size += utf8Length(attribute.getKey()) + size(attribute.getValue());
        }
        return size;
    }

    /** One value's size (DynamoDB Developer Guide, "Item sizes and formats"). */
    public static long size(Value value) {
        if (value instanceof Value.S s) {
            return utf8Length(s.value());
        }
        if (value instanceof Value.N n) {
            return numberSize(n.value());
        }
        if (value instanceof Value.B b) {
            return b.value().length;
        }
        if (value instanceof Value.Bool || value instanceof Value.Null) {
            return 1;
        }
        if (value instanceof Value.L l) {
            long size = MAP_OR_LIST_OVERHEAD;
            for (Value element : l.values()) {
                size += 1 + size(element);
            }
            return size;
        }
        if (value instanceof Value.M m) {
            long size = MAP_OR_LIST_OVERHEAD;
            for (Map.Entry<String, Value> entry : m.values().entrySet()) {
                size += 1 + utf8Length(entry.getKey()) + size(entry.getValue());
            }
            return size;
        }
        if (value instanceof Value.SS ss) {
            return ss.values().stream().mapToLong(Values::utf8Length).sum();
        }
        if (value instanceof Value.NS ns) {
            return ns.values().stream().mapToLong(Values::numberSize).sum();
        }
        Value.BS bs = (Value.BS) value;
        return bs.values().stream().mapToLong(b -> b.value().length).sum();
    }

    private static long numberSize(BigDecimal number) {
        BigDecimal normalised = Numbers.normalise(number);
        int digits = normalised.signum() == 0 ? 1 : normalised.precision();
        return (digits + 1) / 2 + 1;
    }

    public static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

}
