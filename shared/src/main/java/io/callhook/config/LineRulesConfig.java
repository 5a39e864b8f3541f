package io.callhook.config;

import io.callhook.call.BusinessHours;
import io.callhook.call.LineSettings;
import io.callhook.call.MissSettings;
import io.callhook.json.Json;
import io.callhook.log.Log;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Each line's missed-call rules, from the JSON object in {@value #VARIABLE} (template parameter {@code LineSettings}),
 * read once when the function starts. Keys are a line (that line in every organization), {@code <organization>/<line>}
 * (that organization's line; it wins over the bare line), or {@code *} (every line not named; a named line takes what
 * it leaves out from {@code *}). A key is split at its first {@code /}, and its organization must be one of the
 * deployment's ({@link Organizations#all}): a key such as {@code sales/+49 30/5} whose first part names no
 * organization could be a line whose name holds a {@code /} or a mistyped organization, so it stops the start (write
 * such a line {@code <organization>/<line>}), as does {@code <organization>/*}:
 *
 * <pre>
 * {"*": {"shortAbandonSeconds": 5, "countShortAbandons": true},
 *  "support": {"timeZone": "Europe/Berlin",
 *              "hours": {"mon-fri": ["08:00-12:00", "13:00-18:00"], "sat": ["09:00-12:00"]},
 *              "holidays": ["2026-12-24", "2026-12-25"], "countShortAbandons": false}}
 * </pre>
 *
 * A line without {@code hours} is always open; with them, a day not listed is closed all day and {@code 24:00}
 * closes at midnight. An invalid value stops the function from starting, naming the key and the field.
 */
public final class LineSettingsConfig {

    public static final String VARIABLE = "LINE_RULES";
    static final String EVERY_LINE = "*";
    private static final Set<String> FIELDS = Set.of("shortAbandonSeconds", "countShortAbandons", "timeZone", "hours",
            "holidays");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private LineSettingsConfig() {
    }

    /** The voicemail identities and line rules of {@code env}, for the organizations of {@code env}. */
    public static MissSettings fromEnvironment(Environment env) {
        return parse(env.optional(VARIABLE, "{}"), Voicemail.identities(env),
                Organizations.fromEnvironment(env).all());
    }

    /**
     * The line rules as they are now: {@code LineSettings} (the environment's seed) merged line by line with the config
     * table's entries ({@link LiveConfig}), checked against the organizations as they are now. The seed is checked
     * at once (its {@code <organization>/} keys only for being names: the organizations may be in the table), the
     * whole at first use.
     */
    public static Supplier<MissSettings> live(LiveConfig config, Environment env) {
        Set<String> voicemail = Voicemail.identities(env);
        String defaultOrganization = env.optional(Organizations.DEFAULT_VARIABLE, Organizations.DEFAULT_ORGANIZATION);
        parse(env.optional(VARIABLE, "{}"), voicemail, null);
        return config.parsed(values -> ofKnownOrganizations(parse(values.apply(Setting.LINE_RULES), voicemail, null),
                        Organizations.parse(values.apply(Setting.INTEGRATION_ORGANIZATIONS), defaultOrganization)
                                .all()),
                Setting.LINE_RULES, Setting.INTEGRATION_ORGANIZATIONS);
    }

    /**
     * {@code rules} without the lines of organizations the deployment does not have now, each logged at WARN: a
     * line key naming an organization whose last integration was just unmapped applies to no call, and must not
     * stop every function that reads the rules.
     */
    static MissSettings ofKnownOrganizations(MissSettings rules, Set<String> organizations) {
        Map<String, Map<String, LineSettings>> known = new LinkedHashMap<>();
        rules.organizationLines().forEach((organization, lines) -> {
            if (organizations.contains(organization)) {
                known.put(organization, lines);
            } else {
                Log.warn("line rules of an organization the deployment does not have are not used", "organization",
                        organization, "lines", lines.size());
            }
        });
        return new MissSettings(rules.voicemailIdentities(), rules.lines(), known, rules.fallback());
    }

    /** Parses the JSON object for a deployment with one organization, {@value Organizations#DEFAULT_ORGANIZATION}. */
    public static MissSettings parse(String json, Set<String> voicemail) {
        return parse(json, voicemail, Organizations.single().all());
    }

    /**
     * Parses the JSON object.
     *
     * @param organizations every organization of the deployment: what the first part of a key with a {@code /}
     *                      must name; {@code null}: any organization name
     * @throws IllegalStateException naming {@value #VARIABLE}, the key and the problem
     */
    public static MissSettings parse(String json, Set<String> voicemail, Set<String> organizations) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(json.isBlank() ? "{}" : json);
        } catch (RuntimeException e) {
            throw new IllegalStateException(VARIABLE + " must be a JSON object: " + e.getMessage());
        }
        LineSettings fallback = LineSettings.DEFAULT;
        if (root.containsKey(EVERY_LINE)) {
            fallback = line(EVERY_LINE, root.get(EVERY_LINE), LineSettings.DEFAULT);
        }
        Map<String, LineSettings> lines = new LinkedHashMap<>();
        Map<String, Map<String, LineSettings>> organizationLines = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : root.entrySet()) {
            String key = entry.getKey();
            if (key.equals(EVERY_LINE)) {
                continue;
            }
            LineSettings rules = line(key, entry.getValue(), fallback);
            int slash = key.indexOf('/');
            if (slash < 0) {
                lines.put(key, rules);
                continue;
            }
            String organization = key.substring(0, slash);
            String line = key.substring(slash + 1);
            if (organizations == null ? !Organizations.isName(organization) : !organizations.contains(organization)) {
                throw invalid(key, "is ambiguous: " + (organization.isEmpty() ? "its organization is empty"
                        : organizations == null ? organization + " is not an organization name"
                        : organization + " is not an organization of this deployment " + organizations
                        + " (DefaultOrganization, IntegrationOrganizations)")
                        + "; a key with '/' is <organization>/<line>, so a line whose name holds '/' is written"
                        + " with its organization first");
            }
            if (line.isEmpty() || line.equals(EVERY_LINE)) {
                throw invalid(key, "is ambiguous: write every line's rules under \"*\" and a line's as"
                        + " <organization>/<line>");
            }
            organizationLines.computeIfAbsent(organization, o -> new LinkedHashMap<>()).put(line, rules);
        }
        return new MissSettings(voicemail, lines, organizationLines, fallback);
    }

    private static LineSettings line(String key, Object value, LineSettings base) {
        if (!(value instanceof Map<?, ?> fields)) {
            throw invalid(key, "must be an object");
        }
        for (Object field : fields.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid(key, "has an unknown field " + field + "; known: " + FIELDS);
            }
        }
        Duration shortAbandon = base.shortAbandon();
        if (fields.containsKey("shortAbandonSeconds")) {
            if (!(fields.get("shortAbandonSeconds") instanceof Number seconds) || seconds.doubleValue() < 0) {
                throw invalid(key, "shortAbandonSeconds must be a number of seconds, 0 or more");
            }
            shortAbandon = Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
        }
        boolean count = base.countShortAbandons();
        if (fields.containsKey("countShortAbandons")) {
            if (!(fields.get("countShortAbandons") instanceof Boolean flag)) {
                throw invalid(key, "countShortAbandons must be true or false");
            }
            count = flag;
        }
        BusinessHours hours = base.hours();
        if (fields.containsKey("hours") || fields.containsKey("holidays") || fields.containsKey("timeZone")) {
            hours = hours(key, fields);
        }
        return new LineSettings(shortAbandon, count, hours);
    }

    private static BusinessHours hours(String key, Map<?, ?> fields) {
        if (!(fields.get("timeZone") instanceof String zoneName) || !(fields.get("hours") instanceof Map<?, ?> week)) {
            throw invalid(key, "business hours need timeZone (e.g. Europe/Berlin) and hours together");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw invalid(key, "timeZone " + zoneName + " is not a time zone");
        }
        Map<DayOfWeek, List<BusinessHours.Range>> ranges = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<?, ?> day : week.entrySet()) {
            List<BusinessHours.Range> parsed = ranges(key, day.getValue());
            for (DayOfWeek dayOfWeek : days(key, String.valueOf(day.getKey()))) {
                ranges.computeIfAbsent(dayOfWeek, d -> new ArrayList<>()).addAll(parsed);
            }
        }
        Set<LocalDate> holidays = new HashSet<>();
        Object listed = fields.containsKey("holidays") ? fields.get("holidays") : List.of();
        if (!(listed instanceof List<?> days)) {
            throw invalid(key, "holidays must be a list of days (YYYY-MM-DD)");
        }
        for (Object day : days) {
            try {
                holidays.add(LocalDate.parse(String.valueOf(day)));
            } catch (DateTimeException e) {
                throw invalid(key, "holiday " + day + " is not a day (YYYY-MM-DD)");
            }
        }
        return new BusinessHours(zone, ranges, holidays);
    }

    /** {@code mon}, or a span such as {@code mon-fri}. */
    private static List<DayOfWeek> days(String key, String spec) {
        String[] bounds = spec.split("-", -1);
        int first = DAYS.indexOf(bounds[0]);
        int last = bounds.length == 2 ? DAYS.indexOf(bounds[1]) : first;
        if (bounds.length > 2 || first < 0 || last < first) {
            throw invalid(key, "hours: " + spec + " is not a day (mon ... sun) or a span of days (mon-fri)");
        }
        List<DayOfWeek> days = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            days.add(DayOfWeek.of(i + 1));
        }
        return days;
    }

    private static List<BusinessHours.Range> ranges(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            throw invalid(key, "hours: each day takes a list of ranges such as [\"08:00-18:00\"]");
        }
        List<BusinessHours.Range> ranges = new ArrayList<>();
        for (Object range : list) {
            String[] times = String.valueOf(range).split("-", -1);
            try {
                if (times.length != 2) {
                    throw new IllegalArgumentException("not HH:MM-HH:MM");
                }
                LocalTime closes = times[1].equals("24:00") ? LocalTime.MAX : LocalTime.parse(times[1]);
                ranges.add(new BusinessHours.Range(LocalTime.parse(times[0]), closes));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw invalid(key, "hours: " + range + " is not a range HH:MM-HH:MM that opens before it closes");
            }
        }
        return ranges;
    }

    private static IllegalStateException invalid(String key, String problem) {
        return new IllegalStateException(VARIABLE + ": line " + key + " " + problem);
    }
}
