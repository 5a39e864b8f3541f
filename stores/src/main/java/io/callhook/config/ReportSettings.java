package io.callhook.config;

import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may read whose reports, and in which time zone an organization's reports are: the template parameters
 * {@code OrganizationTimeZones} ({@code <organization>=<IANA zone>,...}; variable
 * {@value #TIME_ZONES_VARIABLE}, an organization not named reports in UTC) and {@code ReportSupervisors}
 * ({@code <organization>/<agent id>,...}; variable {@value #SUPERVISORS_VARIABLE}: those agents read every line's and
 * every agent's figures of their organization, any other agent only their own figures).
 *
 * <p>Both are stand-ins, in one place, for the organization settings and the roles other work brings: a caller
 * asks {@link #zone} and {@link #supervises} and nothing else.
 */
public record ReportSettings(Map<String, ZoneId> zones, Set<String> supervisors) {

    public static final String TIME_ZONES_VARIABLE = "ORGANIZATION_TIME_ZONES";
    public static final String SUPERVISORS_VARIABLE = "REPORT_SUPERVISORS";
    private static final ZoneId UTC = ZoneId.of("UTC");

    public ReportSettings {
        zones = Map.copyOf(zones);
        supervisors = Set.copyOf(supervisors);
    }

    /** Every organization in UTC, no supervisor. */
    public static final ReportSettings NONE = new ReportSettings(Map.of(), Set.of());

    /** The settings the variables hold; an invalid entry stops the start, naming the variable and the entry. */
    public static ReportSettings fromEnvironment(Environment env) {
        return parse(env.optional(TIME_ZONES_VARIABLE, ""), env.optional(SUPERVISORS_VARIABLE, ""));
    }

    /** Parses the two lists (empty: none). */
    public static ReportSettings parse(String timeZones, String supervisors) {
        Map<String, ZoneId> zones = new HashMap<>();
        for (String entry : entries(timeZones)) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw invalid(TIME_ZONES_VARIABLE, entry, "is not <organization>=<time zone>");
            }
            try {
                zones.put(entry.substring(0, equals).strip(), ZoneId.of(entry.substring(equals + 1).strip()));
            } catch (DateTimeException e) {
                throw invalid(TIME_ZONES_VARIABLE, entry, "names no time zone (e.g. Europe/Berlin)");
            }
        }
        Set<String> agents = new java.util.HashSet<>();
        for (String entry : entries(supervisors)) {
            int slash = entry.indexOf('/');
            if (slash <= 0 || slash == entry.length() - 1) {
                throw invalid(SUPERVISORS_VARIABLE, entry, "is not <organization>/<agent id>");
            }
            agents.add(entry);
        }
        return new ReportSettings(zones, agents);
    }

    private static String[] entries(String list) {
        return list == null || list.isBlank() ? new String[0] : list.strip().split("\\s*,\\s*");
    }

    private static IllegalStateException invalid(String variable, String entry, String problem) {
        return new IllegalStateException(variable + ": " + entry + " " + problem);
    }

    /** Whether {@code OrganizationTimeZones} names the organization's zone. */
    public boolean namesZone(String organizationId) {
        return zones.containsKey(organizationId);
    }

    /** The organization's time zone; UTC when none is set. */
    public ZoneId zone(String organizationId) {
        return zones.getOrDefault(organizationId, UTC);
    }

    /** Whether the agent reads the organization's figures (every line, every agent), not only their own. */
    public boolean supervises(Agent agent) {
        return agent.role().includes(Role.SUPERVISOR)
                || supervisors.contains(agent.organizationId() + "/" + agent.id());
    }
}
