package io.callhook.dynamodb;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB attribute value, as the wire protocol has them (S, N, B, SS, NS, BS, M, L, NULL, BOOL). Immutable.
 * Named and shaped like the AWS SDK's class of the same name (same factories and accessors, including empty
 * collections from {@link #ss()}, {@link #m()} and friends when the value is of another type), so store code reads
 * as it would with the SDK.
 */
public final class AttributeValue {

    /** The wire protocol's type keys. */
    public enum Type { S, N, B, SS, NS, BS, M, L, NULL, BOOL }

    private final Type type;
    private final Object value;

    private AttributeValue(Type type, Object value) {
        this.type = type;
        this.value = Objects.requireNonNull(value, "value");
    }

    public static AttributeValue fromS(String s) {
        return new AttributeValue(Type.S, s);
    }

    public static AttributeValue fromN(String n) {
        return new AttributeValue(Type.N, n);
    }

    public static AttributeValue fromB(byte[] b) {
        return new AttributeValue(Type.B, b.clone());
    }

    public static AttributeValue fromSs(Collection<String> ss) {
        return new AttributeValue(Type.SS, List.copyOf(ss));
    }

    public static AttributeValue fromNs(Collection<String> ns) {
        return new AttributeValue(Type.NS, List.copyOf(ns));
    }

    public static AttributeValue fromBs(Collection<byte[]> bs) {
        return new AttributeValue(Type.BS, bs.stream().map(byte[]::clone).toList());
    }

    public static AttributeValue fromM(Map<String, AttributeValue> m) {
        return new AttributeValue(Type.M, Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    public static AttributeValue fromL(List<AttributeValue> l) {
        return new AttributeValue(Type.L, List.copyOf(l));
    }

    public static AttributeValue fromBool(Boolean bool) {
        return new AttributeValue(Type.BOOL, bool);
    }

    public static AttributeValue fromNul(Boolean nul) {
        return new AttributeValue(Type.NULL, nul);
    }

    public Type type() {
        return type;
    }

    public String s() {
        return type == Type.S ? (String) value : null;
    }

    public String n() {
        return type == Type.N ? (String) value : null;
    }

    public byte[] b() {
        return type == Type.B ? ((byte[]) value).clone() : null;
    }

    public Boolean bool() {
        return type == Type.BOOL ? (Boolean) value : null;
    }

    public Boolean nul() {
        return type == Type.NULL ? (Boolean) value : null;
    }

    @SuppressWarnings("unchecked")
    public List<String> ss() {
        return type == Type.SS ? (List<String>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    public List<String> ns() {
        return type == Type.NS ? (List<String>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    public List<byte[]> bs() {
        return type == Type.BS ? ((List<byte[]>) value).stream().map(byte[]::clone).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    public Map<String, AttributeValue> m() {
        return type == Type.M ? (Map<String, AttributeValue>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    public List<AttributeValue> l() {
        return type == Type.L ? (List<AttributeValue>) value : List.of();
    }

    public boolean hasSs() {
        return type == Type.SS;
    }

    public boolean hasNs() {
        return type == Type.NS;
    }

    public boolean hasBs() {
        return type == Type.BS;
    }

    public boolean hasM() {
        return type == Type.M;
    }

    public boolean hasL() {
        return type == Type.L;
    }

    /** The value as stored (String, Boolean, byte[], List or Map), for the JSON writer. */
    Object raw() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AttributeValue that) || type != that.type) {
            return false;
        }
        if (type == Type.B) {
            return Arrays.equals((byte[]) value, (byte[]) that.value);
        }
        if (type == Type.BS) {
            List<?> mine = (List<?>) value;
            List<?> theirs = (List<?>) that.value;
            if (mine.size() != theirs.size()) {
                return false;
            }
            for (int i = 0; i < mine.size(); i++) {
                if (!Arrays.equals((byte[]) mine.get(i), (byte[]) theirs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return type == Type.B ? Arrays.hashCode((byte[]) value) : 31 * type.hashCode()
                + (type == Type.BS ? ((List<?>) value).size() : value.hashCode());
    }

    @Override
    public String toString() {
        Object shown = type == Type.B ? "<" + ((byte[]) value).length + " bytes>"
                : type == Type.BS ? "<" + ((List<?>) value).size() + " binaries>" : value;
        return "AttributeValue(" + type + "=" + shown + ")";
    }
}
