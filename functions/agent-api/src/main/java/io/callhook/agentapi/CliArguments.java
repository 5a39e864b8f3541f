package io.callhook.agentapi;

import io.callhook.aws.AwsException;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.dynamodb.DynamoDbJsonClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command lines of the callhook CLIs ({@link AgentsCli}, {@link RoutingCli}): {@code --name value} options
 * (repeatable), exactly one command word, and the DynamoDB client {@code --endpoint} and {@code --region} choose.
 */
final class CliArguments {

    private final Map<String, List<String>> options;
    private final String command;

    private CliArguments(Map<String, List<String>> options, String command) {
        this.options = options;
        this.command = command;
    }

    /**
     * Reads {@code args}; on {@code --help} prints the usage to {@code out}, on a mistake explains it and the usage
     * on {@code err}; both return {@code null}, with {@link #status} telling which.
     */
    static CliArguments parse(String[] args, Set<String> names, String usage, PrintStream out, PrintStream err) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(usage);
                return HELP;
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (!names.contains(name) || i + 1 >= args.length) {
                    err.println(names.contains(name) ? "error: " + arg + " needs a value" : "error: unknown option "
                            + arg);
                    err.print(usage);
                    return null;
                }
                options.computeIfAbsent(name, n -> new ArrayList<>()).add(args[++i]);
            } else {
                words.add(arg);
            }
        }
        if (words.size() != 1) {
            err.println(words.isEmpty() ? "error: a command is required" : "error: one command at a time: " + words);
            err.print(usage);
            return null;
        }
        return new CliArguments(options, words.get(0));
    }

    /**
     * Parses {@code args} and runs {@code command} on them; returns its status, or 0 after {@code --help} and 2 after
     * a mistake (both explained by {@link #parse}).
     */
    static int run(String[] args, Set<String> names, String usage, PrintStream out, PrintStream err,
                   java.util.function.ToIntFunction<CliArguments> command) {
        CliArguments arguments = parse(args, names, usage, out, err);
        if (arguments == null || arguments == HELP) {
            return status(arguments);
        }
        return command.applyAsInt(arguments);
    }

    /** What {@link #parse} answers to {@code --help}. */
    static final CliArguments HELP = new CliArguments(Map.of(), "help");

    /** The exit status of a parse that ran no command: 0 after {@code --help}, 2 after a mistake. */
    private static int status(CliArguments parsed) {
        return parsed == HELP ? 0 : 2;
    }

    String command() {
        return command;
    }

    String first(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** @throws IllegalArgumentException when the option is not given */
    String required(String name) {
        String value = first(name, null);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** A command on one table. */
    interface TableCommand {
        int run(DynamoDbJsonClient dynamo, String table);
    }

    /**
     * Runs {@code command} on the table of {@code --table} (else the environment's {@code tableVariable}) with a
     * client for {@code --endpoint} and {@code --region}. Returns its status; 2 without a table; 1, with the message
     * on {@code err}, when it throws {@link IllegalArgumentException} or DynamoDB fails.
     */
    int onTable(Map<String, String> environment, String tableVariable, PrintStream err, TableCommand command) {
        String table = first("table", environment.get(tableVariable));
        if (table == null || table.isBlank()) {
            err.println("error: --table is required (or set " + tableVariable + ")");
            return 2;
        }
        try (DynamoDbJsonClient dynamo = dynamoDb(environment)) {
            return command.run(dynamo, table);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (AwsException e) {
            err.println("error: DynamoDB request failed: " + e.getMessage());
            return 1;
        }
    }

    /** A DynamoDB client for {@code --endpoint} and {@code --region}, else the environment's. */
    private DynamoDbJsonClient dynamoDb(Map<String, String> environment) {
        return AwsClients.dynamoDb(Environment.of(withTables(environment, Map.of())));
    }

    /**
     * {@code environment} with each table option given ({@code tableOptions}: option name to the variable it sets),
     * {@code --endpoint} and {@code --region} put in the variables the functions read.
     */
    Map<String, String> withTables(Map<String, String> environment, Map<String, String> tableOptions) {
        Map<String, String> variables = new HashMap<>(environment);
        tableOptions.forEach((option, variable) -> {
            String table = first(option, null);
            if (table != null) {
                variables.put(variable, table);
            }
        });
        String endpoint = first("endpoint", null);
        if (endpoint != null) {
            variables.put(AwsClients.DYNAMODB_ENDPOINT, endpoint);
        }
        String region = first("region", null);
        if (region != null) {
            variables.put(AwsClients.REGION, region);
        }
        return variables;
    }

    /** The first of {@code required} that {@code variables} leave unset or blank, printed as an error; else null. */
    static String missing(Map<String, String> variables, Iterable<String> required, PrintStream err) {
        for (String variable : required) {
            if (variables.get(variable) == null || variables.get(variable).isBlank()) {
                err.println("error: " + variable + " is not set (or give its --...-table option)");
                return variable;
            }
        }
        return null;
    }
}
