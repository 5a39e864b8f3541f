package io.callhook.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How many index shards each organization's partitions are spread over: the {@code OrganizationShards} entries
 * ({@code organization:count}, {@link Setting#ORGANIZATION_SHARDS}) over the deployment's default, the template
 * parameter {@code IndexShards} ({@value #DEFAULT_VARIABLE}). An organization's count is the larger of its entry
 * and the default, so neither an entry below the default nor the removal of an entry can hide a shard written
 * before; writers and readers use the same count. Counts are 1 to {@value #MAX}.
 */
public final class ShardCounts {

    /** The default count of every organization (template parameter {@code IndexShards}). */
    public static final String DEFAULT_VARIABLE = "INDEX_SHARDS";
    public static final int MAX = 100;

    private final Map<String, Integer> byOrganization;
    private final int fallback;

    private ShardCounts(Map<String, Integer> byOrganization, int fallback) {
        this.byOrganization = Map.copyOf(byOrganization);
        this.fallback = fallback;
    }

    /** Every organization with {@code count} shards. */
    public static ShardCounts uniform(int count) {
        return new ShardCounts(Map.of(), check("the shard count", count));
    }

    /** The default count of {@code env} ({@value #DEFAULT_VARIABLE}, 1 unless set). */
    public static int fallback(Environment env) {
        long shards = env.optionalLong(DEFAULT_VARIABLE, 1);
        if (shards < 1 || shards > MAX) {
            throw new IllegalStateException(DEFAULT_VARIABLE + " must be 1 to " + MAX);
        }
        return (int) shards;
    }

    /** The counts as they are now: the config table's entries (cached, {@link LiveConfig}) over the default. */
    public static Supplier<ShardCounts> live(LiveConfig config, Environment env) {
        int fallback = fallback(env);
        return config.parsed(Setting.ORGANIZATION_SHARDS, value -> parse(value, fallback));
    }

    /** The environment's default for every organization, reading nothing. */
    public static Supplier<ShardCounts> fromEnvironment(Environment env) {
        ShardCounts counts = uniform(fallback(env));
        return () -> counts;
    }

    /**
     * Parses {@code organization:count[,...]}.
     *
     * @throws IllegalArgumentException for a malformed entry, a name that is not an organization name, a count
     *                                  outside 1 to {@value #MAX}, or an organization listed twice
     */
    public static ShardCounts parse(String value, int fallback) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int position = 0;
        for (String raw : value.split(",")) {
            position++;
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] pair = entry.split(":", -1);
            if (pair.length != 2 || !Organizations.isName(pair[0].trim())) {
                throw new IllegalArgumentException("organization shards entry " + position
                        + " must be organization:count");
            }
            int count;
            try {
                count = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the count of organization shards entry " + position
                        + " must be 1 to " + MAX);
            }
            check("the count of organization shards entry " + position, count);
            if (counts.putIfAbsent(pair[0].trim(), count) != null) {
                throw new IllegalArgumentException("organization " + pair[0].trim() + " is listed twice");
            }
        }
        return new ShardCounts(counts, check("the default shard count", fallback));
    }

    /** The shard count of {@code organization}: its entry or the default, whichever is larger. */
    public int of(String organization) {
        return Math.max(fallback, byOrganization.getOrDefault(organization, fallback));
    }

    /** The organization's own entry, if it has one (without the default). */
    public Integer entryOf(String organization) {
        return byOrganization.get(organization);
    }

    private static int check(String what, int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX);
        }
        return count;
    }
}
