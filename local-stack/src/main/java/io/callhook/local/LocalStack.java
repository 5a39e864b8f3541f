package io.callhook.local;

import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.engine.Engine;
import io.callhook.http.SignInSettings;
import io.callhook.store.AgentsFile;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import io.callhook.webhook.WebhookHandler;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * {@code template.yaml} running on this machine, without Docker: the DynamoDB engine with the template's tables, every
 * function built in this JVM with its template environment, the HTTP API's routes served on 127.0.0.1 as API
 * Gateway payload 2.0 events, the {@code Type: DynamoDB} events polled from the tables' streams, and EventBridge's
 * {@code PutEvents} answered on the same port. {@code invoke} runs one function on one event file instead.
 *
 * <p>Start: {@code mvn -B -q -pl local-stack -am test-compile exec:java [-Dexec.args="..."]}; see {@link Options}.
 */
public final class LocalStack implements AutoCloseable {

    static final String REGION = "us-east-1";
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    /** The integration name local webhook tokens are configured under; it becomes the calls' {@code source}. */
    static final String TOKEN_NAME = "local";
    static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    static final String AGENTS_TABLE = "AgentsTable";
    /** The admin API's variable (AdminApiHandler's): the local stack puts the hash of its admin token there. */
    static final String ADMIN_TOKEN_HASH_VARIABLE = "ADMIN_TOKEN_HASH";
    static final Agent LOCAL_AGENT = new Agent("local-agent", "agent", "agent@callhook.local", Set.of("100"), "1");

    private final Options options;
    private final SamTemplate template;
    private final PrintStream log;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<StreamPoller> pollers = new CopyOnWriteArrayList<>();
    private LocalEngine dynamo;
    private LocalHttpServer http;
    private LocalEventBus bus;
    private LocalSchedules schedules;
    private LocalOidcProvider oidc;
    private Map<String, String> tables;
    private List<String> agentIds = List.of();
    private String agentToken;

    private LocalStack(Options options, PrintStream log) {
        this.options = options;
        this.template = SamTemplate.load(options.template(), options.parameters());
        this.log = log;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        switch (options.command()) {
            case HELP -> System.out.println(Options.USAGE);
            case INVOKE -> {
                PrintStream stdout = System.out;
                System.setOut(System.err);
                int status;
                try {
                    status = InvokeCommand.run(options, stdout, System.err);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("invoke failed: " + e.getMessage());
                    status = 2;
                } finally {
                    System.setOut(stdout);
                }
                stdout.flush();
                if (status != 0) {
                    System.exit(status);
                }
            }
            case START -> {
                LocalStack stack;
                try {
                    stack = start(options, System.out);
                } catch (RuntimeException e) {
                    System.err.println("the local stack did not start: " + e.getMessage());
                    e.printStackTrace(System.err);
                    System.exit(1);
                    return;
                }
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
                stack.printBanner();
                stack.awaitClose();
            }
        }
    }

    /**
     * Starts everything; on failure stops what had started and throws.
     *
     * @param log where the stack's own lines go (functions log to standard output, as on Lambda)
     */
    static LocalStack start(Options options, PrintStream log) {
        LocalStack stack = new LocalStack(options, log);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        dynamo = LocalEngine.start(options.dynamoDbPort(), options.data());
        resources.add(dynamo);
        DynamoDbClient client = dynamoDbClient(dynamo.endpoint());
        resources.add(0, client);
        tables = LocalTables.create(client, template, UnaryOperator.identity());
        loadAgents(AwsClients.dynamoDb(clientEnvironment(dynamo.endpoint())));

        bus = new LocalEventBus(log);
        http = new LocalHttpServer(options.port(), bus, log);
        resources.add(0, http);
        // the OpenID Connect provider the page signs in at, on the next port (a free one when the API's is)
        oidc = LocalOidcProvider.start(options.port() == 0 ? 0 : http.port() + 1);
        resources.add(0, oidc);
        Map<String, LocalJwtAuthorizer> authorizers = new LinkedHashMap<>();
        template.authorizers().keySet().forEach(name -> authorizers.put(name,
                LocalJwtAuthorizer.discover(oidc.issuer(), List.of(LocalOidcProvider.CLIENT_ID))));
        http.authorize(authorizers);

        List<Routes.Route> routes = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            Map<String, String> environment = environment(template, function, tables, options, dynamo.endpoint(),
                    http.url());
            signInEnvironment(environment, oidc);
            environments.put(function.logicalId(), environment);
            functions.put(function.logicalId(), LocalFunction.create(template, function, environment));
            function.routes().forEach(r -> routes.add(new Routes.Route(r.method(), r.path(), function.logicalId(),
                    r.authorizer())));
        }
        http.route(new Routes(routes), functions);
        http.servePage(AgentPage.besideTemplate(options.template(), oidc.origin()));
        schedules = new LocalSchedules(template.schedules(), functions, log);
        resources.add(0, schedules);
        http.serveSchedules(schedules);
        http.serveFailures(this::failureQueue);
        http.start();

        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(REGION))
                .credentialsProvider(LOCAL_CREDENTIALS)
                .endpointOverride(URI.create(dynamo.endpoint()))
                .build();
        resources.add(0, streams);
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.StreamTrigger trigger : function.streams()) {
                StreamSettings settings = StreamSettings.of(template, trigger);
                if (!settings.enabled()) {
                    continue;
                }
                String table = tables.getOrDefault(trigger.table(), trigger.table());
                String streamArn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
                if (streamArn == null) {
                    throw new IllegalStateException(function.logicalId() + " reads the stream of " + table
                            + ", which has no StreamSpecification");
                }
                StreamPoller poller = new StreamPoller(functions.get(function.logicalId()), settings, streamArn,
                        streams, log);
                pollers.add(poller);
                resources.add(0, poller);
                poller.start();
            }
        }
    }

    /**
     * Fills the agents table: the agents of {@code --agents FILE}, or else one local agent with a token generated
     * for this run (printed at start), so the agent APIs can be tried at once.
     */
    private void loadAgents(io.callhook.dynamodb.DynamoDbJsonClient client) {
        if (!tables.containsKey(AGENTS_TABLE)) {
            return;
        }
        DynamoAgentDirectory directory = new DynamoAgentDirectory(client, tables.get(AGENTS_TABLE));
        if (options.agents() != null) {
            agentIds = AgentsFile.load(options.agents(), directory);
        } else {
            agentToken = TokenStrength.generate();
            directory.save(LOCAL_AGENT, TokenHashes.hashOf(agentToken));
            agentIds = List.of(LOCAL_AGENT.id());
        }
    }

    /**
     * Points a function's sign-in settings at the local provider (the template's are the Cognito pool's or
     * {@code OidcIssuer}'s): the page finds the endpoints through the provider's discovery document.
     */
    static void signInEnvironment(Map<String, String> environment, LocalOidcProvider oidc) {
        if (environment.containsKey(SignInSettings.ISSUER_VARIABLE)) {
            environment.put(SignInSettings.ISSUER_VARIABLE, oidc.issuer());
            environment.put(SignInSettings.CLIENT_ID_VARIABLE, LocalOidcProvider.CLIENT_ID);
            environment.put(SignInSettings.AUTHORIZATION_ENDPOINT_VARIABLE, "");
            environment.put(SignInSettings.TOKEN_ENDPOINT_VARIABLE, "");
            environment.put(SignInSettings.END_SESSION_ENDPOINT_VARIABLE, "");
        }
    }

    /** The local OpenID Connect provider. */
    LocalOidcProvider oidc() {
        return oidc;
    }

    /** The token of the local agent created at start, when no agents file was given. */
    String agentToken() {
        return agentToken;
    }

    /**
     * A function's environment: the template's variables (Globals, then the function's) with table references
     * pointed at the local tables, the token hashes of the local tokens where the function declares
     * {@code WEBHOOK_TOKEN_HASHES}, and the SDK endpoints of this stack.
     */
    static Map<String, String> environment(SamTemplate template, SamTemplate.Function function,
                                           Map<String, String> tables, Options options, String dynamoEndpoint,
                                           String eventsEndpoint) {
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) ->
                variables.put(name, value == null ? "" : tables.getOrDefault(value, value)));
        if (variables.containsKey(ADMIN_TOKEN_HASH_VARIABLE)) {
            variables.put(ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(options.adminToken()));
        }
        if (variables.containsKey(WebhookHandler.TOKEN_HASHES_VARIABLE)) {
            variables.put(WebhookHandler.TOKEN_HASHES_VARIABLE, options.tokens().stream()
                    .map(token -> Options.integrationOf(token) + ":" + TokenHashes.hashOf(Options.secretOf(token)))
                    .collect(Collectors.joining(",")));
        }
        variables.put(AwsClients.REGION, REGION);
        variables.put("AWS_DEFAULT_REGION", REGION);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        variables.put(AwsClients.DYNAMODB_ENDPOINT, dynamoEndpoint);
        variables.put(EVENTBRIDGE_ENDPOINT, eventsEndpoint);
        return variables;
    }

    /**
     * The AWS SDK's DynamoDB client on the local engine: the stack creates its tables and finds their streams with
     * it, and tests read back what the functions wrote (an independent reader of callhook's own client's writes).
     */
    static DynamoDbClient dynamoDbClient(String endpoint) {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(REGION))
                .credentialsProvider(LOCAL_CREDENTIALS)
                .endpointOverride(URI.create(endpoint))
                .build();
    }

    private static Environment clientEnvironment(String dynamoEndpoint) {
        return Environment.of(Map.of(AwsClients.DYNAMODB_ENDPOINT, dynamoEndpoint, AwsClients.REGION, REGION));
    }

    /** The base URL of the HTTP API and the local EventBridge endpoint. */
    String url() {
        return http.url();
    }

    String dynamoDbEndpoint() {
        return dynamo.endpoint();
    }

    Map<String, String> environmentOf(String functionId) {
        return environments.get(functionId);
    }

    LocalEventBus events() {
        return bus;
    }

    List<StreamPoller> pollers() {
        return List.copyOf(pollers);
    }

    /**
     * Blocks until every stream poller has handled every record its stream held when this was called (tests: two
     * functions read the calls stream, each at its own pace); fails after 30 s.
     */
    void awaitStreams() throws InterruptedException {
        for (StreamPoller poller : pollers) {
            if (!poller.awaitQuiet(java.time.Duration.ofSeconds(30))) {
                throw new IllegalStateException(poller.functionId() + " did not catch up with its stream in 30 s");
            }
        }
    }

    /**
     * The failure queue: every on-failure message the stream pollers with an on-failure destination sent so far,
     * oldest first (a reader without one, the caller-log marker's, drops what it gives up on, as Lambda does).
     */
    List<Map<String, Object>> failureQueue() {
        List<Map<String, Object>> messages = new ArrayList<>();
        pollers.stream().filter(poller -> poller.settings().onFailureDestination() != null)
                .forEach(poller -> messages.addAll(poller.failures()));
        return messages;
    }

    /** Blocks until {@link #close} has run (Ctrl-C runs it through the shutdown hook). */
    void awaitClose() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stack's DynamoDB engine, for tests that inject faults, limits or time into it. */
    Engine engine() {
        return dynamo.engine();
    }

    /** Stops the pollers, the HTTP server and the DynamoDB engine, in that order; repeated calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.println("[local] stopping " + resource.getClass().getSimpleName() + " failed: " + e);
            }
        }
        if (http != null) {
            log.println("[local] stopped");
        }
        stopped.countDown();
    }

    private void printBanner() {
        String url = http.url();
        StringBuilder b = new StringBuilder();
        b.append('\n').append("callhook local stack (").append(options.template()).append(")\n\n");
        b.append("  HTTP API      ").append(url).append('\n');
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Route route : function.routes()) {
                b.append("                ").append(route.method()).append(' ').append(route.path())
                        .append("  ->  ").append(function.logicalId()).append('\n');
            }
        }
        b.append("  Agent page    ").append(url).append("/  (sign in with the agent token below)\n");
        b.append("  DynamoDB      ").append(dynamo.endpoint())
                .append(options.data() == null ? "  (in memory)" : "  (data in " + options.data() + ")")
                .append("  tables: ").append(String.join(", ", tables.values())).append('\n');
        b.append("                AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws dynamodb scan --table-name ")
                .append(tables.values().stream().findFirst().orElse("<table>")).append(" --endpoint-url ")
                .append(dynamo.endpoint()).append(" --region ").append(REGION).append('\n');
        if (pollers.isEmpty()) {
            b.append("  Streams       none\n");
        }
        for (StreamPoller poller : pollers) {
            StreamSettings s = poller.settings();
            b.append("  Stream        ").append(s.table()).append("  ->  ").append(poller.functionId())
                    .append("  (batch ").append(s.policy().batchSize())
                    .append(s.filter().size() > 0 ? ", " + s.filter().size() + " filter pattern(s)" : "")
                    .append(s.policy().reportBatchItemFailures() ? ", batch item failures" : "")
                    .append(s.policy().bisectOnError() ? ", bisect on error" : "")
                    .append(", retries ").append(s.policy().maximumRetryAttempts() < 0 ? "unlimited"
                            : s.policy().maximumRetryAttempts()).append(")\n");
        }
        b.append("  EventBridge   ").append(url).append("  (PutEvents; recent events: GET ").append(url)
                .append(LocalHttpServer.EVENTS_PATH).append(")\n");
        schedules.expressions().forEach((function, expression) -> b.append("  Schedule      ").append(function)
                .append("  ").append(expression).append("  (run now: curl -X POST ").append(url)
                .append(LocalHttpServer.SCHEDULES_PATH).append('/').append(function).append(")\n"));
        if (options.agents() != null) {
            b.append("  Agents        ").append(String.join(", ", agentIds)).append("  (from ")
                    .append(options.agents()).append(")\n");
        } else if (agentToken != null) {
            b.append("  Agent token   ").append(agentToken).append("  (agent \"").append(LOCAL_AGENT.id())
                    .append("\", generated; pass --agents FILE for your own)\n");
        }
        b.append("  Sign-in       ").append(oidc.issuer()).append("  (OpenID Connect, for the page and /oidc/...: ")
                .append("any user name, claims {\"email\": \"").append(LOCAL_AGENT.email()).append("\"})\n");
        b.append("  Admin token   ").append(options.adminToken())
                .append("  (admin API /api/v1/admin/...; --admin-token T chooses it)\n");
        for (String token : options.tokens()) {
            b.append("  Token         ").append(Options.secretOf(token)).append("  (source \"")
                    .append(Options.integrationOf(token)).append("\"")
                    .append(options.tokenGenerated() ? ", generated; pass --token T to choose one" : "")
                    .append(")\n");
        }
        template.functions().stream()
                .flatMap(f -> f.routes().stream())
                .filter(r -> r.path().contains("/cti/{token}"))
                .findFirst()
                .ifPresent(route -> b.append("\n  Try it:\n    curl -sS -X ").append(route.method()).append(" '")
                        .append(url).append(route.path().replace("{token}", Options.secretOf(options.tokens().get(0))))
                        .append("' -H 'content-type: application/json' -d '")
                        .append("{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\","
                                + "\"direction\":\"in\",\"callId\":\"").append(UUID.randomUUID())
                        .append("\",\"user\":\"Emma Taylor\"}'\n"));
        b.append("\n  Ctrl-C stops everything.\n");
        log.println(b);
    }
}
