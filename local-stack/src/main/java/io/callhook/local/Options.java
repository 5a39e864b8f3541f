package io.callhook.local;

import io.callhook.auth.TokenStrength;
import io.callhook.config.Organizations;
import io.callhook.template.SamTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code [start] [options]} or {@code invoke <FunctionLogicalId> <event.json> [options]}.
 * Relative paths (event file, {@code --data}, {@code --agents}) are taken from the directory of
 * {@code template.yaml}, the repository root, wherever Maven runs.
 */
record Options(Command command, Path template, int port, int dynamoDbPort, List<String> tokens,
               boolean tokenGenerated, Path data, Path agents, String functionId, Path event,
               Map<String, String> parameters, String adminToken) {

    enum Command { START, INVOKE, HELP }

    /** The token of the sample events under {@code events/}; {@code invoke} accepts it unless told otherwise. */
    static final String SAMPLE_EVENT_TOKEN = "local-test-token";
    /** The admin token of the sample events under {@code events/admin-api/}; {@code invoke} accepts it. */
    static final String SAMPLE_ADMIN_TOKEN = "local-admin-token-0123456789abcdef";

    static final String USAGE = """
            usage: LocalStack [start] [--port N] [--dynamodb-port N] [--token [NAME=]T]... [--data DIR]
                              [--agents FILE] [--admin-token T] [--parameter NAME=VALUE]... [--template FILE]
                   LocalStack invoke <FunctionLogicalId> <event.json> [--token T]... [--agents FILE]
                              [--parameter NAME=VALUE]... [--template FILE]
            With Maven: mvn -B -q -pl local-stack -am test-compile exec:java -Dexec.args="..."

              --port N           HTTP API (and local EventBridge) port on 127.0.0.1, default 3000
              --dynamodb-port N  DynamoDB engine port, default 8000
              --token [NAME=]T   a webhook token (repeatable) of the integration NAME (default local); default:
                                 one random token, printed at start; invoke's default is the sample events'
                                 token, local-test-token
              --admin-token T    the admin API's token (at least 22 base64url characters, or 32 hex digits:
                                 128 bits); default: a random one, printed at start
              --parameter N=V    a template parameter, e.g. IntegrationOrganizations=acme:org-a,globex:org-b
                                 or TwilioAuthTokens=local:local-twilio-auth-token
              --data DIR         keep the engine's data in DIR (default: in memory, gone at exit)
              --agents FILE      a JSON file of agents loaded into the agents table (default: one generated)
              --template FILE    the SAM template, default: the nearest template.yaml at or above the
                                 working directory
            Relative paths are taken from the template's directory (the repository root).""";

    /**
     * Reads the arguments.
     *
     * @throws IllegalArgumentException with a message for the user when they are not valid
     */
    static Options parse(String... args) {
        Command command = Command.START;
        List<String> positional = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Integer port = null;
        Integer dynamoDbPort = null;
        String data = null;
        String agents = null;
        String template = null;
        String adminToken = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-h", "--help", "help" -> command = Command.HELP;
                case "--port", "--dynamodb-port", "--token", "--data", "--agents", "--template", "--parameter",
                     "--admin-token" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--port" -> port = port(arg, value);
                        case "--dynamodb-port" -> dynamoDbPort = port(arg, value);
                        case "--token" -> tokens.add(token(value));
                        case "--data" -> data = value;
                        case "--agents" -> agents = value;
                        case "--parameter" -> parameter(parameters, value);
                        case "--admin-token" -> adminToken = adminToken(value);
                        default -> template = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (command == Command.HELP) {
            return new Options(Command.HELP, null, 0, 0, List.of(), false, null, null, null, null, Map.of(), null);
        }
        if (!positional.isEmpty() && positional.get(0).equals("invoke")) {
            command = Command.INVOKE;
            positional.remove(0);
            if (positional.size() != 2) {
                throw new IllegalArgumentException("invoke needs <FunctionLogicalId> <event.json>");
            }
            if (port != null || dynamoDbPort != null || data != null) {
                throw new IllegalArgumentException("invoke runs on its own in-memory engine and free ports;"
                        + " --port, --dynamodb-port and --data apply to start only");
            }
        } else {
            if (!positional.isEmpty() && positional.get(0).equals("start")) {
                positional.remove(0);
            }
            if (!positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument " + positional.get(0));
            }
        }
        Path templateFile = template == null ? SamTemplate.find() : Path.of(template).toAbsolutePath().normalize();
        Path root = templateFile.getParent();
        boolean generated = false;
        if (tokens.isEmpty()) {
            if (command == Command.INVOKE) {
                tokens.add(SAMPLE_EVENT_TOKEN);
            } else {
                tokens.add(randomToken());
                generated = true;
            }
        }
        return new Options(command, templateFile, port == null ? 3000 : port,
                dynamoDbPort == null ? 8000 : dynamoDbPort, List.copyOf(tokens), generated,
                data == null ? null : root.resolve(data).normalize(),
                agents == null ? null : root.resolve(agents).normalize(),
                command == Command.INVOKE ? positional.get(0) : null,
                command == Command.INVOKE ? root.resolve(positional.get(1)).normalize() : null,
                Map.copyOf(parameters), adminToken != null ? adminToken
                        : command == Command.INVOKE ? SAMPLE_ADMIN_TOKEN : randomToken());
    }

    /** Options for a stack on free ports with this template and these tokens, as the tests start it. */
    static Options onFreePorts(Path template, List<String> tokens) {
        return new Options(Command.START, template, 0, 0, List.copyOf(tokens), false, null, null, null, null,
                Map.of(), randomToken());
    }

    Options withAgents(Path agentsFile) {
        return new Options(command, template, port, dynamoDbPort, tokens, tokenGenerated, data, agentsFile,
                functionId, event, parameters, adminToken);
    }

    /** The same options with these template parameters set. */
    Options withParameters(Map<String, String> overrides) {
        return new Options(command, template, port, dynamoDbPort, tokens, tokenGenerated, data, agents,
                functionId, event, Map.copyOf(overrides), adminToken);
    }

    /** The same options with this admin token. */
    Options withAdminToken(String token) {
        return new Options(command, template, port, dynamoDbPort, tokens, tokenGenerated, data, agents,
                functionId, event, parameters, adminToken(token));
    }

    /** The integration a {@code --token} value belongs to: {@code NAME} of {@code NAME=T}, else {@code local}. */
    static String integrationOf(String token) {
        int at = token.indexOf('=');
        return at < 0 ? LocalStack.TOKEN_NAME : token.substring(0, at);
    }

    /** The secret of a {@code --token} value: {@code T} of {@code NAME=T}. */
    static String secretOf(String token) {
        return token.substring(token.indexOf('=') + 1);
    }

    private static void parameter(Map<String, String> parameters, String value) {
        int at = value.indexOf('=');
        if (at < 1) {
            throw new IllegalArgumentException("--parameter needs NAME=VALUE");
        }
        parameters.put(value.substring(0, at), value.substring(at + 1));
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number (0 for any free port)");
        }
    }

    private static String token(String value) {
        if (value.contains("=") && !Organizations.isName(integrationOf(value))) {
            throw new IllegalArgumentException("an integration name must be 1 to 64 letters, digits, . _ -");
        }
        if (!secretOf(value).matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("a token must be a URL path segment: letters, digits, . _ ~ -");
        }
        TokenStrength.require("--token", secretOf(value));
        return value;
    }

    /** An admin token, refused unless it can hold 128 bits of randomness ({@link TokenStrength}). */
    static String adminToken(String value) {
        return TokenStrength.require("--admin-token", value);
    }

    private static String randomToken() {
        return TokenStrength.generate();
    }
}
