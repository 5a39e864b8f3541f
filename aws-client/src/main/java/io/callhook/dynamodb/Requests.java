package io.callhook.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** What the request classes share. */
final class Requests {

    private Requests() {
    }

    /** {@code builder} after {@code fields} has set its fields (the SDK-style {@code b -> b.tableName(...)}). */
    static <B> B built(B builder, Consumer<B> fields) {
        fields.accept(builder);
        return builder;
    }

    /** An unmodifiable copy in the same order, or null for null (a field left out of the request). */
    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
