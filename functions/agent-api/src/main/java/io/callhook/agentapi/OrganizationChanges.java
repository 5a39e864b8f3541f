package io.callhook.agentapi;

import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.config.ShardCounts;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoIntegrationCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Organizations as data, read and changed in one place for the admin API and {@link ConfigCli}: which organization
 * each integration belongs to ({@link Setting#INTEGRATION_ORGANIZATIONS}) and each organization's index shard count
 * ({@link Setting#ORGANIZATION_SHARDS}) in the config table, over the template's seeds
 * ({@code IntegrationOrganizations}, {@code DefaultOrganization}, {@code IndexShards}).
 *
 * <p>Guarantees: every change is validated as the functions parse it before anything is written; what is decided
 * on is read as stored now (strongly consistent, never a cached copy) and written only if it is still so (a
 * conditional write), so two changes at once never undo each other. A shard count is only raised: a lower one is a
 * {@link Conflict} and writes nothing. Moving an integration that has calls in its organization to another one is a
 * {@link Conflict} unless forced (its earlier calls keep their organization, so its history would be split); with
 * no calls table to look in, every such move needs force. Every write is idempotent: the same change again writes
 * the same value.
 */
final class OrganizationChanges {

    /** The change cannot be made as the table stands now (HTTP 409); nothing was written. */
    static final class Conflict extends IllegalArgumentException {
        Conflict(String message) {
            super(message);
        }
    }

    /** An integration or organization name that is not one (HTTP 400); nothing was written. */
    static final class BadName extends IllegalArgumentException {
        BadName(String message) {
            super(message);
        }
    }

    /**
     * A checked move of {@code integration} to {@code organization}: {@code previous} is the organization it
     * belongs to now ({@code null}: none), {@code stored} the table's entry now ({@code null}: none).
     */
    record Move(String integration, String organization, String previous, String stored) {

        boolean moved() {
            return previous != null && !previous.equals(organization);
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("integration", integration);
            view.put("organization", organization);
            view.put("previousOrganization", previous);
            view.put("moved", moved());
            return view;
        }
    }

    /** An organization's shard count, {@code previous} before the change (the same when it was already so). */
    record Raise(String organization, int shards, int previous) {

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("organization", organization);
            view.put("shards", shards);
            view.put("previousShards", previous);
            return view;
        }
    }

    /** How often a raise reads again after a concurrent change before it gives up with a {@link Conflict}. */
    private static final int ATTEMPTS = 5;

    private final DynamoConfigStore config;
    private final String seed;
    private final String defaultOrganization;
    private final int defaultShards;
    private final DynamoIntegrationCalls calls;

    /**
     * @param seed                the {@code IntegrationOrganizations} parameter's value ("" for none)
     * @param defaultOrganization {@code DefaultOrganization}
     * @param defaultShards       {@code IndexShards}
     * @param calls               where an integration's calls are looked for ({@code null}: nowhere, so every move
     *                            of a mapped integration needs force)
     */
    OrganizationChanges(DynamoConfigStore config, String seed, String defaultOrganization, int defaultShards,
                        DynamoIntegrationCalls calls) {
        this.config = config;
        this.seed = seed;
        this.defaultOrganization = defaultOrganization;
        this.defaultShards = defaultShards;
        this.calls = calls;
        Organizations.parse(seed, defaultOrganization);
    }

    /**
     * The changes of {@code env}'s deployment: its seeds ({@value Organizations#MAPPING_VARIABLE},
     * {@value Organizations#DEFAULT_VARIABLE}, {@value ShardCounts#DEFAULT_VARIABLE}) and its calls table
     * ({@code callsTable}, {@code null}: none).
     */
    static OrganizationChanges of(DynamoDbJsonClient dynamo, DynamoConfigStore config, Environment env,
                                  String callsTable) {
        return new OrganizationChanges(config, env.optional(Organizations.MAPPING_VARIABLE, ""),
                env.optional(Organizations.DEFAULT_VARIABLE, Organizations.DEFAULT_ORGANIZATION).trim(),
                ShardCounts.fallback(env), callsTable == null || callsTable.isBlank() ? null
                : new DynamoIntegrationCalls(dynamo, callsTable, DynamoIntegrationCalls.DEFAULT_PAGE_BUDGET));
    }

    /** The mapping as stored now: the seed's entries, each replaced by the table's entry of the same integration. */
    Organizations organizations() {
        return Organizations.parse(LiveConfig.merge(Setting.INTEGRATION_ORGANIZATIONS, seed,
                config.entries(Setting.INTEGRATION_ORGANIZATIONS, true)), defaultOrganization);
    }

    /** The shard counts as stored now over {@code IndexShards}. */
    ShardCounts shards() {
        return ShardCounts.parse(String.join(",", config.entries(Setting.ORGANIZATION_SHARDS, true).values()),
                defaultShards);
    }

    /**
     * Every organization (the default one, every one an integration is mapped to, every one with a shard count)
     * with its integrations and shard count, sorted; {@code only}: that organization alone.
     */
    Map<String, Object> view(Optional<String> only) {
        Organizations organizations = organizations();
        ShardCounts shards = shards();
        SortedSet<String> names = new TreeSet<>(organizations.all());
        names.addAll(config.entries(Setting.ORGANIZATION_SHARDS, true).keySet());
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : names) {
            if (only.isPresent() && !only.get().equals(name)) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("organization", name);
            entry.put("integrations", List.copyOf(organizations.integrationsOf(name)));
            entry.put("shards", shards.of(name));
            list.add(entry);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("defaultOrganization", defaultOrganization);
        view.put("defaultShards", defaultShards);
        view.put("mapped", organizations.isMapped());
        view.put("organizations", list);
        return view;
    }

    /**
     * Checks moving {@code integration} to {@code organization}, writing nothing.
     *
     * @throws BadName  for a name that is not one
     * @throws Conflict when the integration has calls in its organization now (or none can be looked for) and
     *                  {@code force} is not given
     */
    Move check(String integration, String organization, boolean force) {
        name("integration", integration);
        name("organization", organization);
        String stored = config.entries(Setting.INTEGRATION_ORGANIZATIONS, true).get(integration);
        Organizations now = organizations();
        String previous = now.maps(integration) ? now.of(integration) : null;
        Move move = new Move(integration, organization, previous, stored);
        if (move.moved() && !force) {
            DynamoIntegrationCalls.Answer history = calls == null ? DynamoIntegrationCalls.Answer.UNKNOWN
                    : calls.in(integration, previous, shards().of(previous));
            if (history != DynamoIntegrationCalls.Answer.NONE) {
                throw new Conflict("integration " + integration + (history == DynamoIntegrationCalls.Answer.SOME
                        ? " has calls in organization " + previous
                        : " may have calls in organization " + previous + " (" + (calls == null
                        ? "no calls table to look in" : "too many of its calls to look through") + ")")
                        + "; moving it to " + organization + " would split its history: its earlier calls stay in "
                        + previous + ". Move it anyway with force");
            }
        }
        return move;
    }

    /**
     * Writes a checked move (the table's entry, even when the seed already says so: the table's then decides).
     *
     * @throws Conflict when the integration's entry changed since {@link #check} (nothing is written)
     */
    void apply(Move move) {
        String entry = move.integration() + ":" + move.organization();
        if (entry.equals(move.stored())) {
            return;
        }
        if (!config.replace(Setting.INTEGRATION_ORGANIZATIONS, move.integration(), move.stored(), entry)) {
            throw new Conflict("the organization of integration " + move.integration() + " changed meanwhile;"
                    + " look again and send the change again");
        }
    }

    /** {@link #check} and {@link #apply}. */
    Move move(String integration, String organization, boolean force) {
        Move move = check(integration, organization, force);
        apply(move);
        return move;
    }

    /**
     * Raises {@code organization}'s shard count to {@code count} (the same count again changes nothing).
     *
     * @throws BadName                  for an organization name that is not one
     * @throws IllegalArgumentException for a count outside 1 to {@value ShardCounts#MAX}
     * @throws Conflict                 for a count below the organization's now (nothing is written)
     */
    Raise raise(String organization, int count) {
        name("organization", organization);
        if (count < 1 || count > ShardCounts.MAX) {
            throw new IllegalArgumentException("shards must be a whole number from 1 to " + ShardCounts.MAX);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String stored = config.entries(Setting.ORGANIZATION_SHARDS, true).get(organization);
            int now = ShardCounts.parse(stored == null ? "" : stored, defaultShards).of(organization);
            if (count < now) {
                throw new Conflict("organization " + organization + " has " + now + " index shards; a count may only"
                        + " be raised (the calls written to its higher shards would no longer be read)");
            }
            if (count == now) {
                return new Raise(organization, count, now);
            }
            if (config.replace(Setting.ORGANIZATION_SHARDS, organization, stored, organization + ":" + count)) {
                return new Raise(organization, count, now);
            }
        }
        throw new Conflict("the shard count of organization " + organization + " keeps changing; send it again");
    }

    private static void name(String what, String name) {
        if (!Organizations.isName(name)) {
            throw new BadName(what + " must be 1 to 64 letters, digits, . _ -");
        }
    }
}
