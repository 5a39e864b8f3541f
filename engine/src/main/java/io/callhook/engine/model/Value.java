package io.callhook.engine.model;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value. Values are immutable: operations build new ones. Numbers are kept normalised
 * (no trailing zeros), so two numbers are equal exactly when DynamoDB says they are, and sets never hold duplicates.
 */
public sealed interface Value permits Value.S, Value.N, Value.B, Value.Bool, Value.Null, Value.L, Value.M,
        Value.SS, Value.NS, Value.BS {

    /** The attribute type descriptor as DynamoDB spells it: S, N, B, BOOL, NULL, L, M, SS, NS, BS. */
    String type();

    /** A string. */
    record S(String value) implements Value {
        public String type() {
            return "S";
        }
    }

    /** A number, normalised: {@code 1.50} and {@code 1.5} are the same value. */
    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.normalise(value);
        }

        public static N of(String text) {
            return new N(Numbers.parse(text));
        }

        public String text() {
            return Numbers.text(value);
        }

        public String type() {
            return "N";
        }
    }

    /** Binary data; equality and order are by content, unsigned byte by byte as DynamoDB compares. */
    record B(byte[] value) implements Value, Comparable<B> {
        public B {
            value = value.clone();
        }

        public byte[] bytes() {
            return value.clone();
        }

        public String type() {
            return "B";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof B b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "B[" + Base64.getEncoder().encodeToString(value) + "]";
        }

        @Override
        public int compareTo(B other) {
            return Arrays.compareUnsigned(value, other.value);
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements Value {
        public String type() {
            return "BOOL";
        }
    }

    /** DynamoDB's NULL (always {@code true} on the wire). */
    record Null() implements Value {
        public String type() {
            return "NULL";
        }
    }

    /** A list of any values. */
    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }

        public String type() {
            return "L";
        }
    }

    /** A map from names to any values, in insertion order. */
    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String type() {
            return "M";
        }
    }

    /** A non-empty set of strings. */
    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "SS";
        }
    }

    /** A non-empty set of numbers (normalised, so {@code 1} and {@code 1.0} are one element). */
    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            LinkedHashSet<BigDecimal> normalised = new LinkedHashSet<>();
            for (BigDecimal value : values) {
                normalised.add(Numbers.normalise(value));
            }
            values = Collections.unmodifiableSet(normalised);
        }

        public String type() {
            return "NS";
        }
    }

    /** A non-empty set of binary values. */
    record BS(Set<B> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "BS";
        }
    }

    static S s(String value) {
        return new S(value);
    }

    static N n(String text) {
        return N.of(text);
    }

    static N n(long value) {
        return new N(BigDecimal.valueOf(value));
    }

    static Bool bool(boolean value) {
        return new Bool(value);
    }

    static Null nul() {
        return new Null();
    }
}
