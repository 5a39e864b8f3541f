package io.callhook.agentapi;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentsFile;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.store.DynamoAgentDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Manages the agents table from the command line, against AWS (default credential chain, {@code --region} or
 * {@code AWS_REGION}) or a local engine ({@code --endpoint http://127.0.0.1:8000}). Only token hashes are stored;
 * a generated token is printed once.
 * <pre>
 * java -cp functions/agent-api/target/agent-api-lambda.jar io.callhook.agentapi.AgentsCli --table T COMMAND ...
 * </pre>
 */
public final class AgentsCli {

    static final String USAGE = """
            usage: AgentsCli [--table TABLE] [--endpoint URL] [--region REGION] COMMAND [OPTIONS]

              add          --id ID --login LOGIN --org ORGANIZATION [--email EMAIL] [--phone NUMBER]...
                           [--token TOKEN]     (without --token a token is generated and printed once)
              list                             one JSON object per agent
              remove       --id ID
              rotate-token --id ID [--token TOKEN]
              load         --file AGENTS.json  add or replace every agent of an agents file

              --table      the agents table (default: $AGENTS_TABLE; stack output AgentsTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "id", "login", "org", "email",
            "phone", "token", "file");

    private AgentsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                    err.println(OPTIONS.contains(name) ? "error: " + arg + " needs a value" : "error: unknown option "
                            + arg);
                    err.print(USAGE);
                    return 2;
                }
                options.computeIfAbsent(name, n -> new ArrayList<>()).add(args[++i]);
            } else {
                words.add(arg);
            }
        }
        if (words.size() != 1) {
            err.println(words.isEmpty() ? "error: a command is required" : "error: one command at a time: " + words);
            err.print(USAGE);
            return 2;
        }
        String table = first(options, "table", environment.get(DynamoAgentDirectory.TABLE_VARIABLE));
        if (table == null || table.isBlank()) {
            err.println("error: --table is required (or set " + DynamoAgentDirectory.TABLE_VARIABLE + ")");
            return 2;
        }
        Map<String, String> clientEnvironment = new HashMap<>(environment);
        String endpoint = first(options, "endpoint", null);
        if (endpoint != null) {
            clientEnvironment.put(AwsClients.DYNAMODB_ENDPOINT, endpoint);
        }
        String region = first(options, "region", null);
        if (region != null) {
            clientEnvironment.put(AwsClients.REGION, region);
        }
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(Environment.of(clientEnvironment))) {
            return command(words.get(0), options, new DynamoAgentDirectory(dynamo, table), out, err);
        } catch (IllegalArgumentException | DynamoAgentDirectory.AgentConflictException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            err.println("error: DynamoDB request failed: " + e.getMessage());
            return 1;
        }
    }

    private static int command(String command, Map<String, List<String>> options, DynamoAgentDirectory directory,
                               PrintStream out, PrintStream err) {
        switch (command) {
            case "add" -> {
                Set<String> phones = new LinkedHashSet<>(options.getOrDefault("phone", List.of()));
                Agent agent = new Agent(required(options, "id"), required(options, "login"),
                        first(options, "email", null), phones, required(options, "org"));
                String token = givenToken(options);
                String generated = token == null ? newToken() : null;
                directory.create(agent, TokenHashes.hashOf(token == null ? generated : token));
                out.println("added agent " + agent.id());
                printGenerated(generated, out);
                return 0;
            }
            case "list" -> {
                for (Agent agent : directory.list()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("id", agent.id());
                    line.put("login", agent.login());
                    line.put("email", agent.email());
                    line.put("phones", agent.phones().stream().sorted().toList());
                    line.put("organizationId", agent.organizationId());
                    out.println(JsonResponses.write(line));
                }
                return 0;
            }
            case "remove" -> {
                String id = required(options, "id");
                if (!directory.remove(id)) {
                    err.println("error: no agent " + id);
                    return 1;
                }
                out.println("removed agent " + id);
                return 0;
            }
            case "rotate-token" -> {
                String id = required(options, "id");
                String token = givenToken(options);
                String generated = token == null ? newToken() : null;
                if (!directory.rotateToken(id, TokenHashes.hashOf(token == null ? generated : token))) {
                    err.println("error: no agent " + id);
                    return 1;
                }
                out.println("rotated the token of agent " + id + "; the old token no longer works");
                printGenerated(generated, out);
                return 0;
            }
            case "load" -> {
                List<String> ids = AgentsFile.load(Path.of(required(options, "file")), directory);
                out.println("loaded " + ids.size() + " agents: " + String.join(", ", ids));
                return 0;
            }
            default -> {
                err.println("error: unknown command " + command);
                err.print(USAGE);
                return 2;
            }
        }
    }

    /** A token nobody can guess ({@link TokenStrength#generate()}). */
    static String newToken() {
        return TokenStrength.generate();
    }

    /** {@code --token}, refused when it cannot carry 128 bits of randomness; {@code null} when not given. */
    private static String givenToken(Map<String, List<String>> options) {
        String token = first(options, "token", null);
        return token == null ? null : TokenStrength.require("--token", token);
    }

    private static void printGenerated(String token, PrintStream out) {
        if (token != null) {
            out.println("token: " + token);
            out.println("(shown once: only its SHA-256 hash is stored)");
        }
    }

    private static String required(Map<String, List<String>> options, String name) {
        String value = first(options, name, null);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String first(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }
}
