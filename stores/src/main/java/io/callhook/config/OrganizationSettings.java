package io.callhook.config;

import io.callhook.json.Json;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Each organization's time zone (an IANA id such as {@code Europe/Berlin}) and default phone region (an ISO 3166
 * country code such as {@code DE}, the country national numbers of its agents' answers belong to). An organization
 * without its own entry has the deployment's defaults ({@value #DEFAULT_TIME_ZONE_VARIABLE}, default {@code UTC};
 * {@value #DEFAULT_REGION_VARIABLE}, default {@code DE}); an entry may set either or both. Entries live in the config
 * table's {@code OrganizationSettings} item, one JSON object per organization.
 */
public final class OrganizationSettings {

    public static final String DEFAULT_TIME_ZONE_VARIABLE = "DEFAULT_TIME_ZONE";
    public static final String DEFAULT_REGION_VARIABLE = "DEFAULT_REGION";
    static final String FALLBACK_TIME_ZONE = "UTC";
    static final String FALLBACK_REGION = "DE";
    public static final String TIME_ZONE = "timeZone";
    public static final String DEFAULT_REGION = "defaultRegion";
    private static final Set<String> FIELDS = Set.of(TIME_ZONE, DEFAULT_REGION);
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    /** One organization's settings. */
    public record Settings(ZoneId timeZone, String defaultRegion) {
    }

    private final Settings defaults;
    private final Map<String, Settings> byOrganization;

    private OrganizationSettings(Settings defaults, Map<String, Settings> byOrganization) {
        this.defaults = defaults;
        this.byOrganization = Map.copyOf(byOrganization);
    }

    /** The deployment's defaults only. */
    public static OrganizationSettings defaults(Environment env) {
        return new OrganizationSettings(defaultsOf(env), Map.of());
    }

    /** The settings as they are now: the environment's defaults and the config table's entries. */
    public static Supplier<OrganizationSettings> live(LiveConfig config, Environment env) {
        Settings defaults = defaultsOf(env);
        return config.parsed(Setting.ORGANIZATION_SETTINGS, value -> parse(value, defaults));
    }

    /** The deployment's defaults, the settings of an organization without an entry. */
    public Settings defaults() {
        return defaults;
    }

    /** The settings of {@code organization}: its entry's, each missing one the deployment's default. */
    public Settings of(String organization) {
        return byOrganization.getOrDefault(organization, defaults);
    }

    /**
     * Parses the setting's JSON object (organization to {@code {"timeZone": ..., "defaultRegion": ...}}).
     *
     * @throws IllegalArgumentException naming the organization and the field that is wrong
     */
    public static OrganizationSettings parse(String json, Settings defaults) {
        Map<String, Settings> settings = new LinkedHashMap<>();
        if (json != null && !json.isBlank()) {
            Map<String, Object> object;
            try {
                object = Json.parseObject(json);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("OrganizationSettings must be a JSON object");
            }
            object.forEach((organization, value) -> settings.put(organization, entry(organization, value, defaults)));
        }
        return new OrganizationSettings(defaults, settings);
    }

    /**
     * One organization's entry checked and completed with the defaults.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static Settings entry(String organization, Object value, Settings defaults) {
        if (!(value instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("the settings of organization " + organization + " must be a JSON"
                    + " object with timeZone and/or defaultRegion");
        }
        for (Object field : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(field))) {
                throw new IllegalArgumentException("unknown organization setting " + field
                        + "; settings are timeZone and defaultRegion");
            }
        }
        Object zone = fields.get(TIME_ZONE);
        Object region = fields.get(DEFAULT_REGION);
        return new Settings(zone == null ? defaults.timeZone() : timeZone(zone),
                region == null ? defaults.defaultRegion() : region(region));
    }

    /**
     * An IANA time zone id.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static ZoneId timeZone(Object value) {
        if (value instanceof String text && text.contains("/") || "UTC".equals(value)) {
            try {
                return ZoneId.of((String) value);
            } catch (DateTimeException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("timeZone must be an IANA time zone id such as Europe/Berlin or UTC");
    }

    /**
     * An ISO 3166 two-letter country code, upper case.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static String region(Object value) {
        if (value instanceof String text && REGIONS.contains(text)) {
            return text;
        }
        throw new IllegalArgumentException("defaultRegion must be an ISO 3166 country code in capitals, such as DE");
    }

    private static Settings defaultsOf(Environment env) {
        try {
            return new Settings(timeZone(env.optional(DEFAULT_TIME_ZONE_VARIABLE, FALLBACK_TIME_ZONE)),
                    region(env.optional(DEFAULT_REGION_VARIABLE, FALLBACK_REGION)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(DEFAULT_TIME_ZONE_VARIABLE + " or " + DEFAULT_REGION_VARIABLE + ": "
                    + e.getMessage());
        }
    }
}
