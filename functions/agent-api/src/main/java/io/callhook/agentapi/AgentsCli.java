package io.callhook.agentapi;

import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenStrength;
import io.callhook.store.AgentsFile;
import io.callhook.store.DynamoAgentDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
                           [--role agent|supervisor|admin] (default agent) [--name "DISPLAY NAME"]
                           [--token TOKEN]     (without --token a token is generated and printed once)
              list                             one JSON object per agent
              remove       --id ID
              rotate-token --id ID [--token TOKEN]
              revoke-token --id ID             the agent keeps no token for tools (it may still sign in)
              load         --file AGENTS.json  add or replace every agent of an agents file

              --table      the agents table (default: $AGENTS_TABLE; stack output AgentsTableName)
              --endpoint   a DynamoDB endpoint such as the local stack's, http://127.0.0.1:8000
              --region     AWS region (default: $AWS_REGION)
            """;

    private static final Set<String> OPTIONS = Set.of("table", "endpoint", "region", "id", "login", "org", "email",
            "phone", "token", "file", "role", "name");

    private AgentsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 usage error. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return CliArguments.run(args, OPTIONS, USAGE, out, err, arguments -> run(arguments, environment, out, err));
    }

    private static int run(CliArguments arguments, Map<String, String> environment, PrintStream out,
                           PrintStream err) {
        return arguments.onTable(environment, DynamoAgentDirectory.TABLE_VARIABLE, err, (dynamo, table) -> {
            try {
                return command(arguments, new DynamoAgentDirectory(dynamo, table), out, err);
            } catch (DynamoAgentDirectory.AgentConflictException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    private static int command(CliArguments options, DynamoAgentDirectory directory, PrintStream out,
                               PrintStream err) {
        AgentManagement agents = new AgentManagement(directory);
        switch (options.command()) {
            case "add" -> {
                Role role = AgentManagement.role(options.first("role", Role.AGENT.wire()), "--role");
                Agent agent = AgentManagement.agent(options.required("id"), options.required("login"),
                        options.first("email", null), new LinkedHashSet<>(options.all("phone")),
                        options.required("org"), role, options.first("name", null));
                String generated = agents.create(agent, options.first("token", null), "--token");
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
                    line.put("role", agent.role().wire());
                    line.put("name", agent.displayName());
                    out.println(JsonResponses.write(line));
                }
                return 0;
            }
            case "remove" -> {
                String id = options.required("id");
                if (!agents.remove(id, null)) {
                    err.println("error: no agent " + id);
                    return 1;
                }
                out.println("removed agent " + id);
                return 0;
            }
            case "rotate-token" -> {
                String id = options.required("id");
                String given = options.first("token", null);
                Optional<String> token = agents.issueToken(id, null, given, "--token");
                if (token.isEmpty()) {
                    err.println("error: no agent " + id);
                    return 1;
                }
                out.println("rotated the token of agent " + id + "; the old token no longer works");
                printGenerated(given == null ? token.get() : null, out);
                return 0;
            }
            case "revoke-token" -> {
                String id = options.required("id");
                if (!agents.revokeToken(id, null)) {
                    err.println("error: no agent " + id);
                    return 1;
                }
                out.println("revoked the token of agent " + id + "; it no longer works");
                return 0;
            }
            case "load" -> {
                List<String> ids = AgentsFile.load(Path.of(options.required("file")), directory);
                out.println("loaded " + ids.size() + " agents: " + String.join(", ", ids));
                return 0;
            }
            default -> {
                err.println("error: unknown command " + options.command());
                err.print(USAGE);
                return 2;
            }
        }
    }

    /** A token nobody can guess ({@link TokenStrength#generate()}). */
    static String newToken() {
        return AgentManagement.newToken();
    }

    private static void printGenerated(String token, PrintStream out) {
        if (token != null) {
            out.println("token: " + token);
            out.println("(shown once: only its SHA-256 hash is stored)");
        }
    }
}
