package io.callhook.agentapi;

import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.http.HttpError;
import io.callhook.json.Json;
import io.callhook.config.RetentionPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An organization's retention as the admin API reads and sets it: the {@code Retention} setting's entry of the
 * organization or of one of its integrations, checked with every other entry before it is written (a setting the
 * functions would refuse is never stored).
 */
final class Retentions {

    private final LiveConfig config;
    private final io.callhook.store.DynamoConfigStore table;
    private final long defaultDays;
    private final Supplier<Organizations> organizations;

    Retentions(LiveConfig config, io.callhook.store.DynamoConfigStore table, long defaultDays,
               Supplier<Organizations> organizations) {
        this.config = config;
        this.table = table;
        this.defaultDays = defaultDays;
        this.organizations = organizations;
    }

    /** {@code {"organizationId", "days", "integrations"}}: the days in force now (cached as every setting). */
    Map<String, Object> view(String organization) {
        return view(organization, RetentionPolicy.parse(config.value(Setting.RETENTION), defaultDays));
    }

    private static Map<String, Object> view(String organization, RetentionPolicy policy) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("organizationId", organization);
        view.put("days", policy.of(organization, null).view());
        Map<String, Object> integrations = new LinkedHashMap<>();
        policy.integrationsOf(organization).forEach((integration, days) -> integrations.put(integration,
                days.view()));
        view.put("integrations", integrations);
        return view;
    }

    /**
     * Replaces the entry of the organization (or of its {@code integration}) with {@code days}; answers the view
     * with it (what every instance applies within {@code ConfigCacheSeconds}).
     *
     * @throws IllegalArgumentException when a day count is wrong or the whole setting would be refused
     */
    Map<String, Object> set(String organization, String integration, Map<String, Object> days) {
        if (integration != null) {
            Organizations now = organizations.get();
            if (!Organizations.isName(integration) || !now.maps(integration)
                    || !now.of(integration).equals(organization)) {
                throw HttpError.notFound("no integration " + integration + " in your organization");
            }
        }
        String key = integration == null ? organization : organization + "/" + integration;
        Map<String, Integer> entry = RetentionPolicy.entry(key, days);
        String current = config.value(Setting.RETENTION);
        Map<String, Object> merged = new LinkedHashMap<>(current.isBlank() ? Map.of() : Json.parseObject(current));
        merged.put(key, entry);
        RetentionPolicy policy = RetentionPolicy.parse(Json.write(merged), defaultDays);
        table.put(Setting.RETENTION, key, Json.write(entry));
        return view(organization, policy);
    }
}
