package io.callhook.agentapi;

import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.config.LiveConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.Organizations;
import io.callhook.config.RetentionPolicy;
import io.callhook.config.Setting;
import io.callhook.config.ShardCounts;
import io.callhook.http.HttpError;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manages the config table's entries ({@link Setting}: webhook token hashes, Bandwidth credential hashes,
 * integration organizations, organization admin token hashes, line rules), the sibling of {@link RoutingCli} with
 * the same options, against AWS or a local engine. Every entry is checked as the functions check it before it is
 * written; writes are idempotent. Functions see a change within {@code ConfigCacheSeconds}.
 * <pre>
 * java -cp functions/agent-api/target/agent-api-lambda.jar io.callhook.agentapi.ConfigCli --table T COMMAND ...
 * </pre>
 */
public final class ConfigCli {

    static final String USAGE = """
            usage: ConfigCli [--table TABLE] [--endpoint URL] [--region REGION] COMMAND [OPTIONS]

              show     [--setting S]                  the table's entries, one per line: S  id  entry
              add      --setting S --entry E          add (or replace) an entry, e.g. --setting WebhookTokenHashes
                                                      --entry pbx:<sha256-hex>, or IntegrationOrganizations pbx:org-a
                                                      (moving an integration with calls: refused without
                                                      --force true; OrganizationShards: only raised)
              remove   --setting S --entry E          remove it (IntegrationOrganizations: the integration is enough;
                                                      never an OrganizationShards entry: counts are only raised)
              set-line --line L --rules JSON          a line's rules (LineRules key L: line, org/line or *)
              remove-line --line L
              set-organization --organization O [--time-zone Z] [--default-region R]
                                                      an organization's time zone (IANA id) and phone region
                                                      (ISO 3166 code); a setting left out keeps its value
              remove-organization --organization O    back to the deployment's defaults
              set-retention --organization O [--integration I] --days JSON
                                                      the days an organization (or its integration I) keeps each
                                                      kind, as the admin API's PUT retention body, e.g.
                                                      '{"calls": 90, "missedCalls": 30, "callbacks": 60, "audit": 730}'
              remove-retention --organization O [--integration I]   back to RetentionDays (or the organization's)
              seed     --setting S --value V          migrate a template parameter's value: add each of its entries
                                                      (LineRules: each line of the JSON object)

              settings: WebhookTokenHashes, BandwidthCredentialHashes, IntegrationOrganizations,
                        OrganizationAdminTokenHashes, OrganizationShards (org:count, 1 to 100, only raised),
                                LineRules, OrganizationSettings, Retention
              --table      the config table (default: $CONFIG_TABLE; stack output ConfigTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
              --calls-table the calls table an integration's calls are looked for in before it is moved
                           (default: $CALLS_TABLE; without one, every move of a mapped integration needs --force)
              --force true move an integration to another organization although it has calls there (its history
                           is split: its earlier calls keep their organization)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "setting", "entry", "line",
            "rules", "value", "organization", "time-zone", "default-region", "calls-table", "force", "integration",
            "days");

    private ConfigCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> arguments.onTable(environment,
                LiveConfig.TABLE_VARIABLE, err, (dynamo, table) -> {
                    DynamoConfigStore config = new DynamoConfigStore(dynamo, table);
                    OrganizationChanges organizations = OrganizationChanges.of(dynamo, config,
                            Environment.of(environment), arguments.first("calls-table",
                                    environment.get(DynamoCallStore.TABLE_VARIABLE)));
                    return command(arguments, config, organizations, environment, out, err);
                }));
    }

    /**
     * The admin API's retention code over this table, read afresh (no cache): the environment's seeds
     * ({@code RETENTION}, {@code INTEGRATION_ORGANIZATIONS}, {@code DEFAULT_ORGANIZATION}, {@code RETENTION_DAYS}) if
     * set, merged with the table's entries as the functions merge them.
     */
    private static Retentions retentions(DynamoConfigStore config, Map<String, String> environment) {
        Environment env = Environment.of(environment);
        LiveConfig live = new LiveConfig(env, config::entries, Duration.ZERO, System::nanoTime);
        return new Retentions(live, config, DynamoCallStore.retentionDays(env), Organizations.live(live, env));
    }

    private static int command(CliArguments options, DynamoConfigStore config, OrganizationChanges organizations,
                               Map<String, String> environment,
                               PrintStream out, PrintStream err) {
        switch (options.command()) {
            case "show" -> {
                String only = options.first("setting", null);
                for (Setting setting : only == null ? List.of(Setting.values()) : List.of(Setting.ofParameter(only))) {
                    config.entries(setting).forEach((id, entry) -> out.println(setting.parameter() + "  " + id
                            + "  " + entry));
                }
            }
            case "add" -> {
                Setting setting = listSetting(options);
                String entry = check(setting, options.required("entry"));
                if (setting == Setting.INTEGRATION_ORGANIZATIONS) {
                    OrganizationChanges.Move move = organizations.move(setting.idOf(entry), valueOf(entry),
                            force(options));
                    out.println("added to " + setting.parameter() + ": " + setting.idOf(entry) + (move.moved()
                            ? " (moved from " + move.previous() + ")" : ""));
                } else if (setting == Setting.ORGANIZATION_SHARDS) {
                    organizations.raise(setting.idOf(entry), Integer.parseInt(valueOf(entry)));
                    out.println("added to " + setting.parameter() + ": " + setting.idOf(entry));
                } else {
                    config.put(setting, setting.idOf(entry), entry);
                    out.println("added to " + setting.parameter() + ": " + setting.idOf(entry));
                }
            }
            case "remove" -> {
                Setting setting = listSetting(options);
                String id = setting.idOf(options.required("entry"));
                if (setting == Setting.ORGANIZATION_SHARDS) {
                    throw new IllegalArgumentException("OrganizationShards: an organization's count cannot be removed"
                            + " (it may only be raised: the calls in its higher shards would no longer be read)");
                }
                Map<String, String> entries = config.entries(setting);
                if (setting == Setting.INTEGRATION_ORGANIZATIONS && entries.size() == 1 && entries.containsKey(id)) {
                    throw new IllegalArgumentException("IntegrationOrganizations: " + id + " is the table's last"
                            + " mapping; without any, every integration would silently belong to DefaultOrganization."
                            + " Map another integration first (or move this one with add)");
                }
                out.println(config.remove(setting, id) ? "removed from " + setting.parameter() + ": " + id
                        : id + " was not in " + setting.parameter());
            }
            case "set-line" -> {
                String line = options.required("line");
                String rules = checkLine(line, options.required("rules"));
                config.put(Setting.LINE_RULES, line, rules);
                out.println("set the rules of line " + line);
            }
            case "remove-line" -> {
                String line = options.required("line");
                out.println(config.remove(Setting.LINE_RULES, line) ? "removed the rules of line " + line
                        : "no rules for line " + line);
            }
            case "set-organization" -> {
                String organization = options.required("organization");
                if (!Organizations.isName(organization)) {
                    throw new IllegalArgumentException("organization must be 1 to 64 letters, digits, . _ -");
                }
                Map<String, Object> entry = new java.util.LinkedHashMap<>();
                String stored = config.entries(Setting.ORGANIZATION_SETTINGS).get(organization);
                if (stored != null) {
                    entry.putAll(object(stored));
                }
                String zone = options.first("time-zone", null);
                String region = options.first("default-region", null);
                if (zone == null && region == null) {
                    throw new IllegalArgumentException("set --time-zone, --default-region or both");
                }
                if (zone != null) {
                    entry.put(OrganizationSettings.TIME_ZONE, zone);
                }
                if (region != null) {
                    entry.put(OrganizationSettings.DEFAULT_REGION, region);
                }
                config.put(Setting.ORGANIZATION_SETTINGS, organization, checkOrganization(organization,
                        Json.write(entry)));
                out.println("set the settings of organization " + organization + ": " + Json.write(entry));
            }
            case "remove-organization" -> {
                String organization = options.required("organization");
                out.println(config.remove(Setting.ORGANIZATION_SETTINGS, organization)
                        ? "removed the settings of organization " + organization
                        : "no settings for organization " + organization);
            }
            case "set-retention" -> {
                Map<String, Object> days = object(options.required("days"));
                try {
                    Map<String, Object> view = retentions(config, environment).set(options.required("organization"),
                            options.first("integration", null), days);
                    out.println(Json.write(view));
                } catch (HttpError refused) {
                    throw new IllegalArgumentException(refused.getMessage());
                }
            }
            case "remove-retention" -> {
                String organization = options.required("organization");
                String integration = options.first("integration", null);
                String key = integration == null ? organization : organization + "/" + integration;
                out.println(config.remove(Setting.RETENTION, key) ? "removed the retention of " + key
                        : "no retention for " + key);
            }
            case "seed" -> {
                Setting setting = Setting.ofParameter(options.required("setting"));
                String value = options.required("value");
                int added = 0;
                if (setting == Setting.LINE_RULES) {
                    for (Map.Entry<String, Object> line : object(value).entrySet()) {
                        config.put(setting, line.getKey(), checkLine(line.getKey(), Json.write(line.getValue())));
                        added++;
                    }
                } else if (setting == Setting.ORGANIZATION_SETTINGS) {
                    for (Map.Entry<String, Object> organization : object(value).entrySet()) {
                        config.put(setting, organization.getKey(), checkOrganization(organization.getKey(),
                                Json.write(organization.getValue())));
                        added++;
                    }
                } else if (setting == Setting.RETENTION) {
                    // the functions' parser checks the whole value first: nothing is written when it refuses it
                    Map<String, Object> entries = object(value);
                    RetentionPolicy.parse(Json.write(entries), DynamoCallStore.DEFAULT_RETENTION_DAYS);
                    for (Map.Entry<String, Object> entry : entries.entrySet()) {
                        config.put(setting, entry.getKey(), Json.write(RetentionPolicy.entry(entry.getKey(),
                                entry.getValue())));
                        added++;
                    }
                } else {
                    List<String> entries = new ArrayList<>();
                    for (String raw : value.split(",")) {
                        if (!raw.isBlank()) {
                            entries.add(check(setting, raw));
                        }
                    }
                    if (setting == Setting.INTEGRATION_ORGANIZATIONS) {
                        // an integration listed twice is refused; every move is checked before any is written
                        check(setting, String.join(",", entries), false);
                        List<OrganizationChanges.Move> moves = new ArrayList<>();
                        for (String entry : entries) {
                            moves.add(organizations.check(setting.idOf(entry), valueOf(entry), force(options)));
                        }
                        moves.forEach(organizations::apply);
                        added = moves.size();
                    } else if (setting == Setting.ORGANIZATION_SHARDS) {
                        check(setting, String.join(",", entries), false);
                        ShardCounts now = organizations.shards();
                        for (String entry : entries) {
                            notLowered(now, setting.idOf(entry), Integer.parseInt(valueOf(entry)));
                        }
                        for (String entry : entries) {
                            organizations.raise(setting.idOf(entry), Integer.parseInt(valueOf(entry)));
                            added++;
                        }
                    } else {
                        for (String entry : entries) {
                            config.put(setting, setting.idOf(entry), entry);
                            added++;
                        }
                    }
                }
                out.println("seeded " + setting.parameter() + " with " + added + " entries");
            }
            default -> {
                err.println("error: unknown command " + options.command());
                err.print(USAGE);
                return 2;
            }
        }
        return 0;
    }

    private static Setting listSetting(CliArguments options) {
        Setting setting = Setting.ofParameter(options.required("setting"));
        if (setting.form() != Setting.Form.LIST) {
            throw new IllegalArgumentException(setting.parameter() + (setting == Setting.LINE_RULES
                    ? " takes set-line and remove-line" : setting == Setting.RETENTION
                    ? " takes set-retention and remove-retention" : " takes set-organization and remove-organization"));
        }
        return setting;
    }

    /**
     * The entry, trimmed, once the functions' own parser accepts it alone.
     *
     * @throws IllegalArgumentException naming the setting (never the entry's text: it may be close to a secret)
     */
    static String check(Setting setting, String entry) {
        return check(setting, entry, true);
    }

    /** @param one whether {@code entry} must be one entry (else a whole value, checked as the functions parse it) */
    private static String check(Setting setting, String entry, boolean one) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty() || one && trimmed.contains(",")) {
            throw new IllegalArgumentException(setting.parameter() + ": one entry, without commas");
        }
        if (!one) {
            try {
                if (setting == Setting.ORGANIZATION_SHARDS) {
                    ShardCounts.parse(trimmed, 1);
                } else {
                    Organizations.parse(trimmed, Organizations.DEFAULT_ORGANIZATION);
                }
                return trimmed;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(setting.parameter() + ": " + e.getMessage());
            }
        }
        try {
            if (setting == Setting.ORGANIZATION_SHARDS) {
                ShardCounts.parse(trimmed, 1);
                int colon = trimmed.indexOf(':');
                return trimmed.substring(0, colon).trim() + ":" + Integer.parseInt(trimmed.substring(colon + 1).trim());
            }
            if (setting == Setting.INTEGRATION_ORGANIZATIONS) {
                Organizations.parse(trimmed, Organizations.DEFAULT_ORGANIZATION);
                int colon = trimmed.indexOf(':');
                return trimmed.substring(0, colon).trim() + ":" + trimmed.substring(colon + 1).trim();
            }
            TokenHashes.parse(trimmed);
            return setting.idOf(trimmed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting.parameter() + ": " + e.getMessage());
        }
    }

    /** A seed's shard count below the organization's now: refused before any entry is written. */
    private static void notLowered(ShardCounts now, String organization, int wanted) {
        if (wanted < now.of(organization)) {
            throw new OrganizationChanges.Conflict("OrganizationShards: " + organization + " has "
                    + now.of(organization) + " shards; a count may only be raised (the calls in its higher shards"
                    + " would no longer be read)");
        }
    }

    /** The part of a checked {@code name:value} entry after its colon. */
    private static String valueOf(String entry) {
        return entry.substring(entry.indexOf(':') + 1);
    }

    private static boolean force(CliArguments options) {
        String force = options.first("force", "false");
        if (!force.equals("true") && !force.equals("false")) {
            throw new IllegalArgumentException("--force takes true or false");
        }
        return force.equals("true");
    }

    /** An organization's settings as one JSON object, once the functions' parser accepts them. */
    static String checkOrganization(String organization, String json) {
        Map<String, Object> object = object(json);
        OrganizationSettings.entry(organization, object, new OrganizationSettings.Settings(java.time.ZoneOffset.UTC,
                "DE"));
        return Json.write(object);
    }

    /** The line's rules as one JSON object, once the functions' parser accepts them. */
    static String checkLine(String line, String rules) {
        Map<String, Object> object = object(rules);
        try {
            LineSettingsConfig.parse(Json.write(Map.of(line, object)), Set.of(), null);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return Json.write(object);
    }

    private static Map<String, Object> object(String json) {
        try {
            return Json.parseObject(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
    }
}
