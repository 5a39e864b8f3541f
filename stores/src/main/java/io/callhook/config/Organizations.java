package io.callhook.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which organization each webhook integration (token name) belongs to. Configuration: comma-separated
 * {@code integration:organization} entries ({@value #MAPPING_VARIABLE}). With no entries every integration belongs to
 * the default organization ({@value #DEFAULT_VARIABLE}, {@value #DEFAULT_ORGANIZATION} unless set), so a deployment
 * with one organization needs no mapping. With entries, an integration not listed belongs to no organization: that
 * is a configuration error ({@link UnmappedIntegrationException}), never a silent member of the default organization.
 * Names are 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}: they are parts of keys, so they may not hold
 * the key separators.
 */
public final class Organizations {

    public static final String MAPPING_VARIABLE = "INTEGRATION_ORGANIZATIONS";
    public static final String DEFAULT_VARIABLE = "DEFAULT_ORGANIZATION";
    public static final String DEFAULT_ORGANIZATION = "1";
    /** What an integration or organization name may be. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, String> byIntegration;
    private final String fallback;

    private Organizations(Map<String, String> byIntegration, String fallback) {
        this.byIntegration = Map.copyOf(byIntegration);
        this.fallback = fallback;
    }

    /** One organization for every integration: {@value #DEFAULT_ORGANIZATION}. */
    public static Organizations single() {
        return new Organizations(Map.of(), DEFAULT_ORGANIZATION);
    }

    /**
     * The organizations as they are now: {@code IntegrationOrganizations} (the environment's seed) merged with the
     * config table's entries ({@link LiveConfig}), and {@value #DEFAULT_VARIABLE}.
     */
    public static Supplier<Organizations> live(LiveConfig config, Environment env) {
        String defaultOrganization = env.optional(DEFAULT_VARIABLE, DEFAULT_ORGANIZATION);
        return config.parsed(Setting.INTEGRATION_ORGANIZATIONS, mapping -> parse(mapping, defaultOrganization));
    }

    public static Organizations fromEnvironment(Environment env) {
        return parse(env.optional(MAPPING_VARIABLE, ""), env.optional(DEFAULT_VARIABLE, DEFAULT_ORGANIZATION));
    }

    /**
     * Parses {@code integration:organization[,...]}.
     *
     * @throws IllegalArgumentException for a malformed entry, a name that is not a {@link #NAME}, or an integration
     *                                  listed twice
     */
    public static Organizations parse(String mapping, String defaultOrganization) {
        requireName("default organization", defaultOrganization.trim());
        Map<String, String> byIntegration = new LinkedHashMap<>();
        int position = 0;
        for (String raw : mapping.split(",")) {
            position++;
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] pair = entry.split(":", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("integration organization entry " + position
                        + " must be integration:organization");
            }
            String integration = requireName("integration of entry " + position, pair[0].trim());
            String organization = requireName("organization of entry " + position, pair[1].trim());
            if (byIntegration.putIfAbsent(integration, organization) != null) {
                throw new IllegalArgumentException("integration " + integration + " is listed twice");
            }
        }
        return new Organizations(byIntegration, defaultOrganization.trim());
    }

    /**
     * The organization whose calls come in through {@code integration}.
     *
     * @throws UnmappedIntegrationException when the mapping lists integrations but not this one
     */
    public String of(String integration) {
        if (byIntegration.isEmpty()) {
            return fallback;
        }
        String organization = byIntegration.get(integration);
        if (organization == null) {
            throw new UnmappedIntegrationException(integration);
        }
        return organization;
    }

    /** Whether {@code integration} belongs to an organization ({@link #of} answers for it). */
    public boolean maps(String integration) {
        return byIntegration.isEmpty() || byIntegration.containsKey(integration);
    }

    /** The integrations the mapping lists for {@code organization}, sorted; none when the mapping is empty. */
    public SortedSet<String> integrationsOf(String organization) {
        SortedSet<String> integrations = new TreeSet<>();
        byIntegration.forEach((integration, owner) -> {
            if (owner.equals(organization)) {
                integrations.add(integration);
            }
        });
        return integrations;
    }

    /** Whether the mapping lists any integration (else every integration is the default organization's). */
    public boolean isMapped() {
        return !byIntegration.isEmpty();
    }

    /** Every organization calls can belong to: the default one and every one an integration is mapped to. */
    public SortedSet<String> all() {
        SortedSet<String> all = new TreeSet<>(byIntegration.values());
        all.add(fallback);
        return all;
    }

    /** Whether {@code name} can be an integration or organization name. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static String requireName(String what, String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
