package io.callhook.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/** Small builders shared by the expression tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A map from alternating keys and values. */
    static Map<String, Value> map(Object... pairs) {
        Map<String, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Value) pairs[i + 1]);
        }
        return map;
    }

    static Value.M m(Object... pairs) {
        return new Value.M(map(pairs));
    }

    static Value.L l(Value... values) {
        return new Value.L(List.of(values));
    }

    static Value.S s(String value) {
        return Value.s(value);
    }

    static Value.N n(String value) {
        return Value.n(value);
    }

    static Value.B b(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return new Value.B(raw);
    }

    static Value.SS ss(String... values) {
        return new Value.SS(new LinkedHashSet<>(Arrays.asList(values)));
    }

    static Value.NS ns(String... values) {
        LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
        for (String value : values) {
            set.add(new BigDecimal(value));
        }
        return new Value.NS(set);
    }

    static Value.BS bs(Value.B... values) {
        return new Value.BS(new LinkedHashSet<>(Arrays.asList(values)));
    }

    /** Attributes with the given values and names {@code #a..#z} mapped to {@code a..z}, unused ones not checked. */
    static ExpressionAttributes attrs(Object... valuePairs) {
        Map<String, String> names = new LinkedHashMap<>();
        for (char c = 'a'; c <= 'z'; c++) {
            names.put("#" + c, String.valueOf(c));
        }
        return new ExpressionAttributes(names, map(valuePairs));
    }

    static Function<Map<String, Value>, Boolean> condition(String text, Object... valuePairs) {
        Condition condition = Expressions.condition(text, "ConditionExpression", attrs(valuePairs));
        return condition::test;
    }

    static void assertValidation(String message, Executable executable) {
        DynamoException e = assertThrows(DynamoException.class, executable);
        assertEquals("ValidationException", e.type());
        assertEquals(message, e.getMessage());
    }
}
