package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Arrays;
import java.util.Base64;

/** DynamoDB's ordering and type rules for attribute values, shared by the expression kinds. */
final class Values {

    private Values() {
    }

    /** Whether {@code <}, {@code >}, BETWEEN and key ranges can order values of this type: N, S and B only. */
    static boolean isOrdered(Value value) {
        return value instanceof Value.N || value instanceof Value.S || value instanceof Value.B;
    }

    /**
     * The order of two values of the same orderable type: numbers numerically, strings by code point (the order of
     * their UTF-8 bytes), binaries by unsigned bytes. Null when the values cannot be ordered against each other.
     */
    static Integer compare(Value left, Value right) {
        if (left instanceof Value.N a && right instanceof Value.N b) {
            return a.value().compareTo(b.value());
        }
        if (left instanceof Value.S a && right instanceof Value.S b) {
            return io.callhook.engine.model.Values.compareStrings(a.value(), b.value());
        }
        if (left instanceof Value.B a && right instanceof Value.B b) {
            return a.compareTo(b);
        }
        return null;
    }

    /** Whether {@code prefix} begins {@code value}: both strings or both binaries; false otherwise. */
    static boolean beginsWith(Value value, Value prefix) {
        if (value instanceof Value.S s && prefix instanceof Value.S p) {
            return s.value().startsWith(p.value());
        }
        if (value instanceof Value.B b && prefix instanceof Value.B p) {
            byte[] bytes = b.value();
            byte[] start = p.value();
            return start.length <= bytes.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
        }
        return false;
    }

    /** {@code contains(value, operand)}: substring, set element, list element or byte subsequence. */
    static boolean contains(Value value, Value operand) {
        if (value instanceof Value.S s) {
            return operand instanceof Value.S o && s.value().contains(o.value());
        }
        if (value instanceof Value.SS set) {
            return operand instanceof Value.S o && set.values().contains(o.value());
        }
        if (value instanceof Value.NS set) {
            return operand instanceof Value.N o && set.values().contains(o.value());
        }
        if (value instanceof Value.BS set) {
            return operand instanceof Value.B o && set.values().contains(o);
        }
        if (value instanceof Value.L list) {
            return list.values().contains(operand);
        }
        if (value instanceof Value.B b && operand instanceof Value.B o) {
            return indexOf(b.value(), o.value()) >= 0;
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * {@code size(value)}: UTF-16 length of a string, byte length of a binary, element count of a set, list or map;
     * null for types that have no size.
     */
    static Value size(Value value) {
        int size;
        if (value instanceof Value.S s) {
            size = s.value().length();
        } else if (value instanceof Value.B b) {
            size = b.value().length;
        } else if (value instanceof Value.SS set) {
            size = set.values().size();
        } else if (value instanceof Value.NS set) {
            size = set.values().size();
        } else if (value instanceof Value.BS set) {
            size = set.values().size();
        } else if (value instanceof Value.L list) {
            size = list.values().size();
        } else if (value instanceof Value.M map) {
            size = map.values().size();
        } else {
            return null;
        }
        return Value.n(size);
    }

    /** How DynamoDB prints a value in BETWEEN messages, e.g. {@code AttributeValue: {N:2}}. */
    static String describe(Value value) {
        String text;
        if (value instanceof Value.S s) {
            text = s.value();
        } else if (value instanceof Value.N n) {
            text = n.text();
        } else if (value instanceof Value.B b) {
            text = Base64.getEncoder().encodeToString(b.value());
        } else {
            text = value.toString();
        }
        return "AttributeValue: {" + value.type() + ":" + text + "}";
    }

    /** The type word DynamoDB uses in ADD and DELETE operand messages, e.g. {@code STRING}. */
    static String typeWord(Value value) {
        return switch (value.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "M" -> "MAP";
            case "L" -> "LIST";
            case "SS" -> "STRING_SET";
            case "NS" -> "NUMBER_SET";
            default -> "BINARY_SET";
        };
    }

    static boolean isSet(Value value) {
        return value instanceof Value.SS || value instanceof Value.NS || value instanceof Value.BS;
    }
}
