package io.callhook.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the request classes share. */
final class Requests {

    private Requests() {
    }

    /** An unmodifiable copy in the same order, or null for null (a field left out of the request). */
    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
