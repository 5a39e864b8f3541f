package io.callhook.config;

import io.callhook.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each kind of data is kept, per organization and per integration: the {@code Retention} setting, one JSON
 * object whose keys are an organization ({@code org-a}) or an organization's integration ({@code org-a/pbx}) and whose
 * values name days for {@code calls}, {@code missedCalls}, {@code callbacks} and {@code audit} (each optional).
 *
 * <p>Guarantees: {@link #of} answers, for each kind, the integration's days, else its organization's, else the
 * deployment's {@code RetentionDays}; days are 1 to 3650, and the worklist is never kept longer than the calls it
 * comes from (an erasure finds the worklist through the calls): its days are at most the calls' days.
 */
public final class RetentionPolicy {

    /** The days of each kind of data. */
    public record Days(int calls, int missedCalls, int callbacks, int audit) {

        public Duration callsTtl() {
            return Duration.ofDays(calls);
        }

        public Duration missedCallsTtl() {
            return Duration.ofDays(missedCalls);
        }

        public Duration callbacksTtl() {
            return Duration.ofDays(callbacks);
        }

        public Duration auditTtl() {
            return Duration.ofDays(audit);
        }

        /** The days as an answer shows them. */
        public Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("calls", calls);
            view.put("missedCalls", missedCalls);
            view.put("callbacks", callbacks);
            view.put("audit", audit);
            return view;
        }
    }

    static final String[] KINDS = {"calls", "missedCalls", "callbacks", "audit"};

    private final Days defaults;
    private final Map<String, Map<String, Integer>> entries;

    private RetentionPolicy(Days defaults, Map<String, Map<String, Integer>> entries) {
        this.defaults = defaults;
        this.entries = entries;
    }

    /** Every kind kept {@code days}, whatever the organization. */
    public static RetentionPolicy uniform(long days) {
        int d = (int) days;
        return new RetentionPolicy(new Days(d, d, d, d), Map.of());
    }

    /**
     * The setting's value (a JSON object, blank for none) over {@code defaultDays}.
     *
     * @throws IllegalArgumentException naming the key and the field that is wrong
     */
    public static RetentionPolicy parse(String json, long defaultDays) {
        RetentionPolicy policy = uniform(defaultDays);
        if (json == null || json.isBlank()) {
            return policy;
        }
        Map<String, Map<String, Integer>> entries = new LinkedHashMap<>();
        Json.parseObject(json).forEach((key, value) -> entries.put(key, entry(key, value)));
        RetentionPolicy parsed = new RetentionPolicy(policy.defaults, entries);
        return parsed;
    }

    /** One entry's days, checked. */
    public static Map<String, Integer> entry(String key, Object value) {
        if (!key.matches("[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,64})?")) {
            throw new IllegalArgumentException("Retention keys are an organization or organization/integration: "
                    + key + " is neither");
        }
        if (!(value instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("Retention " + key + " must be a JSON object");
        }
        Map<String, Integer> days = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = String.valueOf(field.getKey());
            if (!java.util.List.of(KINDS).contains(name)) {
                throw new IllegalArgumentException("Retention " + key + ": unknown field " + name
                        + " (calls, missedCalls, callbacks, audit)");
            }
            if (!(field.getValue() instanceof Integer n) || n < 1 || n > 3650) {
                throw new IllegalArgumentException("Retention " + key + ": " + name + " must be 1 to 3650 days");
            }
            days.put(name, n);
        }
        return days;
    }

    /** The days of an organization's data ({@code integration} {@code null}: its own entry only). */
    public Days of(String organization, String integration) {
        Map<String, Integer> org = entries.getOrDefault(organization, Map.of());
        Map<String, Integer> own = integration == null ? Map.of()
                : entries.getOrDefault(organization + "/" + integration, Map.of());
        int calls = pick("calls", own, org, defaults.calls());
        return new Days(calls, pick("missedCalls", own, org, defaults.missedCalls()),
                Math.min(calls, pick("callbacks", own, org, defaults.callbacks())),
                pick("audit", own, org, defaults.audit()));
    }

    /** The organization's integrations that have days of their own. */
    public Map<String, Days> integrationsOf(String organization) {
        Map<String, Days> integrations = new LinkedHashMap<>();
        entries.keySet().stream().filter(key -> key.startsWith(organization + "/")).sorted().forEach(key ->
                integrations.put(key.substring(organization.length() + 1), of(organization,
                        key.substring(organization.length() + 1))));
        return integrations;
    }

    private static int pick(String kind, Map<String, Integer> own, Map<String, Integer> org, int fallback) {
        return own.getOrDefault(kind, org.getOrDefault(kind, fallback));
    }
}
