package io.callhook.agentapi;

import io.callhook.auth.TokenHashes;
import io.callhook.config.LineSettingsConfig;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.json.Json;
import io.callhook.store.DynamoConfigStore;
import java.io.PrintStream;
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
              remove   --setting S --entry E          remove it (IntegrationOrganizations: the integration is enough)
              set-line --line L --rules JSON          a line's rules (LineSettings key L: line, org/line or *)
              remove-line --line L
              seed     --setting S --value V          migrate a template parameter's value: add each of its entries
                                                      (LineSettings: each line of the JSON object)

              settings: WebhookTokenHashes, BandwidthCredentialHashes, IntegrationOrganizations,
                        OrganizationAdminTokenHashes, LineSettings
              --table      the config table (default: $CONFIG_TABLE; stack output ConfigTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "setting", "entry", "line",
            "rules", "value");

    private ConfigCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> arguments.onTable(environment,
                LiveConfig.TABLE_VARIABLE, err, (dynamo, table) -> command(arguments,
                        new DynamoConfigStore(dynamo, table), out, err)));
    }

    private static int command(CliArguments options, DynamoConfigStore config, PrintStream out, PrintStream err) {
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
                config.put(setting, setting.idOf(entry), entry);
                out.println("added to " + setting.parameter() + ": " + setting.idOf(entry));
            }
            case "remove" -> {
                Setting setting = listSetting(options);
                String id = setting.idOf(options.required("entry"));
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
            case "seed" -> {
                Setting setting = Setting.ofParameter(options.required("setting"));
                String value = options.required("value");
                int added = 0;
                if (setting == Setting.LINE_RULES) {
                    for (Map.Entry<String, Object> line : object(value).entrySet()) {
                        config.put(setting, line.getKey(), checkLine(line.getKey(), Json.write(line.getValue())));
                        added++;
                    }
                } else {
                    List<String> entries = new ArrayList<>();
                    for (String raw : value.split(",")) {
                        if (!raw.isBlank()) {
                            entries.add(check(setting, raw));
                        }
                    }
                    for (String entry : entries) {
                        config.put(setting, setting.idOf(entry), entry);
                        added++;
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
            throw new IllegalArgumentException(setting.parameter() + " takes set-line and remove-line");
        }
        return setting;
    }

    /**
     * The entry, trimmed, once the functions' own parser accepts it alone.
     *
     * @throws IllegalArgumentException naming the setting (never the entry's text: it may be close to a secret)
     */
    static String check(Setting setting, String entry) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty() || trimmed.contains(",")) {
            throw new IllegalArgumentException(setting.parameter() + ": one entry, without commas");
        }
        try {
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
