package io.callhook.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named values of a request body or query string, whatever the encoding: one name may carry several values
 * ({@code user[]} repeated, or a JSON array). A {@code []} suffix on a form name is dropped, so {@code user} and
 * {@code user[]} are one field. Nested JSON objects are left out.
 */
public final class Fields {

    private final Map<String, List<String>> values;

    private Fields(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Collects name/value pairs in arrival order. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        public Builder add(String name, String value) {
            String key = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Fields build() {
            return new Fields(values);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Fields fromJson(Map<String, Object> object) {
        Builder builder = builder();
        object.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                list.stream().filter(Fields::isScalar).forEach(v -> builder.add(name, String.valueOf(v)));
            } else if (isScalar(value)) {
                builder.add(name, String.valueOf(value));
            }
        });
        return builder.build();
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** The first value of a field, or {@code null}; blank values count as absent. */
    public String first(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        return list.stream().filter(v -> !v.isBlank()).findFirst().orElse(null);
    }

    /** The first value of whichever name is present first. */
    public String first(String name, String alias) {
        String value = first(name);
        return value != null ? value : first(alias);
    }

    /** Every non-blank value of a field, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).toList();
    }

    public Set<String> names() {
        return values.keySet();
    }
}
