package io.callhook.agentapi;

import io.callhook.aws.AwsException;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.Organizations;
import io.callhook.contact.NumberKeys;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.routing.RoutingRules;
import io.callhook.store.CallbackKeyMigration;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.worklist.CallbackItem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The upgrade of stored number keys to libphonenumber's (issue 24), one organization at a time, from the agent-api
 * jar (which ships the library): {@code migrate-keys} moves the callback worklist's groups to E.164 keys in the
 * organization's default region, merging the groups of one number's spellings ({@link CallbackKeyMigration}), and
 * adds to each of the organization's integrations' block-list entries and caller-id rules the forms the admin API
 * now writes for them ({@link NumberKeys#blockForms}, {@link NumberKeys#destinationForms}; existing entries are
 * kept). Idempotent and resumable: a second run changes nothing, a stopped run is finished by the next.
 * {@code --dry-run} prints what it would change and writes nothing. Exit statuses as the other CLIs: 0 done,
 * 1 failed, 2 usage error.
 */
public final class KeysCli {

    static final String USAGE = """
            usage: KeysCli [--endpoint URL] [--region R] [table options] migrate-keys --organization O [options]
              migrate-keys --organization O   move O's worklist to E.164 keys and complete its integrations'
                                              block lists and caller-id rules with every form of each entry
                [--dry-run]                   print what would change, write nothing
                [--phone-region R]            O's default region (default: O's defaultRegion in the config table)
            table options (else CALLBACKS_TABLE, ROUTING_TABLE, CONFIG_TABLE):
              --callbacks-table T --routing-table T --config-table T
            """;
    private static final Map<String, String> TABLE_OPTIONS = Map.of(
            "callbacks-table", DynamoCallbackStore.TABLE_VARIABLE,
            "routing-table", DynamoRoutingStore.TABLE_VARIABLE,
            "config-table", LiveConfig.TABLE_VARIABLE);
    private static final Set<String> OPTIONS = Set.of("endpoint", "region", "organization", "phone-region",
            "callbacks-table", "routing-table", "config-table");

    private KeysCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        // --dry-run is a flag (every other option takes a value)
        List<String> rest = new ArrayList<>(List.of(args));
        boolean dryRun = rest.remove("--dry-run");
        return CliArguments.run(rest.toArray(String[]::new), OPTIONS, USAGE, out, err, options -> {
            if (!options.command().equals("migrate-keys")) {
                err.println("error: unknown command " + options.command());
                err.print(USAGE);
                return 2;
            }
            Map<String, String> variables = options.withTables(environment, TABLE_OPTIONS);
            if (CliArguments.missing(variables, TABLE_OPTIONS.values(), err) != null) {
                return 2;
            }
            Environment env = Environment.of(variables);
            try (DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env)) {
                return migrate(options, dryRun, env, dynamo, out);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (AwsException e) {
                err.println("error: DynamoDB request failed: " + e.getMessage());
                return 1;
            }
        });
    }

    private static int migrate(CliArguments options, boolean dryRun, Environment env, DynamoDbJsonClient dynamo,
                               PrintStream out) {
        String organization = options.required("organization");
        if (!Organizations.isName(organization)) {
            throw new IllegalArgumentException("--organization must be 1 to 64 letters, digits, . _ -");
        }
        LiveConfig config = DynamoConfigStore.liveConfig(dynamo, env);
        String region = options.first("phone-region", null) != null
                ? OrganizationSettings.region(options.first("phone-region", null))
                : OrganizationSettings.live(config, env).get().of(organization).defaultRegion();
        String would = dryRun ? "would " : "";
        out.println((dryRun ? "dry run: " : "") + "organization " + organization + ", region " + region);

        DynamoCallbackStore callbacks = DynamoCallbackStore.fromEnvironment(dynamo, env);
        CallbackKeyMigration worklist = new CallbackKeyMigration(dynamo, env.require(DynamoCallbackStore
                .TABLE_VARIABLE), callbacks);
        List<CallbackKeyMigration.Move> moves = dryRun
                ? worklist.plan(organization, number -> NumberKeys.worklist(number, region))
                : worklist.migrate(organization, number -> NumberKeys.worklist(number, region));
        for (CallbackKeyMigration.Move move : moves) {
            out.println("worklist: " + would + "move line " + move.line() + " " + String.join(", ", move.sources())
                    + " -> " + move.subject() + " (" + move.facts() + " facts): items " + states(move.before())
                    + " -> " + states(move.after()) + (move.claims() > 0 ? ", " + move.claims() + " claims" : ""));
        }

        DynamoRoutingStore routing = DynamoRoutingStore.fromEnvironment(dynamo, env);
        int added = 0;
        for (String integration : integrations(dynamo, env, Organizations.live(config, env).get(), organization)) {
            RoutingRules rules = routing.rules(integration, true);
            for (Map.Entry<String, String> entry : new TreeMap<>(rules.blocked()).entrySet()) {
                for (String form : missing(NumberKeys.blockForms(entry.getKey(), region), rules.blocked().keySet())) {
                    out.println("routing: " + would + "block " + form + " for " + integration + " (as "
                            + entry.getKey() + ")");
                    if (!dryRun) {
                        routing.block(integration, form, entry.getValue());
                    }
                    added++;
                }
            }
            for (Map.Entry<String, String> rule : new TreeMap<>(rules.callerIds()).entrySet()) {
                for (String form : missing(NumberKeys.destinationForms(rule.getKey(), region),
                        rules.callerIds().keySet())) {
                    out.println("routing: " + would + "set caller id " + rule.getValue() + " for " + form + " of "
                            + integration + " (as " + rule.getKey() + ")");
                    if (!dryRun) {
                        routing.setCallerId(integration, form, rule.getValue());
                    }
                    added++;
                }
            }
        }
        out.println(moves.isEmpty() && added == 0 ? "nothing to change"
                : (dryRun ? "would change " : "changed ") + moves.size() + " worklist groups and " + added
                        + " routing entries");
        return 0;
    }

    private static List<String> missing(Set<String> forms, Set<String> stored) {
        List<String> missing = new ArrayList<>(forms);
        missing.removeAll(stored);
        return missing;
    }

    private static String states(List<CallbackItem> items) {
        Map<String, Long> byState = items.stream().collect(Collectors.groupingBy(item -> item.state().wire(),
                TreeMap::new, Collectors.counting()));
        return items.size() + (byState.isEmpty() ? "" : " " + byState);
    }

    /**
     * The integrations of {@code organization}: the mapping's, or while the mapping is empty (one organization) every
     * integration the routing table holds.
     */
    private static Set<String> integrations(DynamoDbJsonClient dynamo, Environment env, Organizations organizations,
                                            String organization) {
        if (organizations.isMapped()) {
            return organizations.integrationsOf(organization);
        }
        Set<String> all = new TreeSet<>();
        if (organizations.maps("") && organizations.of("").equals(organization)) {
            dynamo.scanPaginator(b -> b.tableName(env.require(DynamoRoutingStore.TABLE_VARIABLE))
                    .consistentRead(true)).items().forEach(item -> {
                        AttributeValue name = item.get("integration");
                        if (name != null && name.s() != null) {
                            all.add(name.s());
                        }
                    });
        }
        return all;
    }
}
