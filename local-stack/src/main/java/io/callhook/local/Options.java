package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The command line: {@code [start] [options]} or {@code invoke <FunctionLogicalId> <event.json> [options]}.
 * Relative paths (event file, {@code --data}, {@code --agents}) are taken from the directory of
 * {@code template.yaml}, the repository root, wherever Maven runs.
 */
record Options(Command command, Path template, int port, int dynamoDbPort, List<String> tokens,
               boolean tokenGenerated, Path data, Path agents, String functionId, Path event) {

    enum Command { START, INVOKE, HELP }

    /** The token of the sample events under {@code events/}; {@code invoke} accepts it unless told otherwise. */
    static final String SAMPLE_EVENT_TOKEN = "local-test-token";

    static final String USAGE = """
            usage: LocalStack [start] [--port N] [--dynamodb-port N] [--token T]... [--data DIR] [--agents FILE]
                              [--template FILE]
                   LocalStack invoke <FunctionLogicalId> <event.json> [--token T]... [--agents FILE]
                              [--template FILE]
            With Maven: mvn -B -q -pl local-stack -am test-compile exec:java -Dexec.args="..."

              --port N           HTTP API (and local EventBridge) port on 127.0.0.1, default 3000
              --dynamodb-port N  DynamoDB engine port, default 8000
              --token T          a webhook token (repeatable); default: one random token, printed at start;
                                 invoke's default is the sample events' token, local-test-token
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
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-h", "--help", "help" -> command = Command.HELP;
                case "--port", "--dynamodb-port", "--token", "--data", "--agents", "--template" -> {
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
            return new Options(Command.HELP, null, 0, 0, List.of(), false, null, null, null, null);
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
                command == Command.INVOKE ? root.resolve(positional.get(1)).normalize() : null);
    }

    /** Options for a stack on free ports with this template and these tokens, as the tests start it. */
    static Options onFreePorts(Path template, List<String> tokens) {
        return new Options(Command.START, template, 0, 0, List.copyOf(tokens), false, null, null, null, null);
    }

    Options withAgents(Path agentsFile) {
        return new Options(command, template, port, dynamoDbPort, tokens, tokenGenerated, data, agentsFile,
                functionId, event);
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
        if (!value.matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("a token must be a URL path segment: letters, digits, . _ ~ -");
        }
        return value;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
