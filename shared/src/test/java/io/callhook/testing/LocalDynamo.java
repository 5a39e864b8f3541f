package io.callhook.testing;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local (Amazon's engine) serving HTTP on a free loopback port, started once per test JVM. Tests reach it
 * with the same SDK client and HTTP client the functions use, and create the template's tables under fresh names
 * so test classes never see each other's items.
 */
public final class LocalDynamo {

    private static LocalDynamo instance;
    private static final AtomicInteger TABLE_SETS = new AtomicInteger();

    private final String endpoint;

    private LocalDynamo(String endpoint) {
        this.endpoint = endpoint;
    }

    public static synchronized LocalDynamo shared() {
        if (instance == null) {
            try {
                int port = freePort();
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                instance = new LocalDynamo("http://127.0.0.1:" + port);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return instance;
    }

    public String endpoint() {
        return endpoint;
    }

    /** An environment pointing the SDK at this server. */
    public Map<String, String> clientEnvironment() {
        return Map.of(AwsClients.DYNAMODB_ENDPOINT, endpoint, AwsClients.REGION, "us-east-1");
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return AwsClients.dynamoDb(Environment.of(clientEnvironment()), interceptors);
    }

    /** Creates every table of {@code template.yaml} under a fresh suffix; returns logical id to table name. */
    public Map<String, String> createTables() {
        String suffix = "-t" + TABLE_SETS.incrementAndGet();
        try (DynamoDbClient dynamo = client()) {
            return LocalTables.create(dynamo, SamTemplate.load(SamTemplate.find()), id -> id + suffix);
        }
    }

    /**
     * The environment a function gets from {@code template.yaml}, with its table references pointed at
     * {@code tables}, the SDK pointed at this server, and {@code extra} on top.
     */
    public Environment functionEnvironment(String functionId, Map<String, String> tables, Map<String, String> extra) {
        SamTemplate template = SamTemplate.load(SamTemplate.find());
        Map<String, String> variables = new LinkedHashMap<>();
        template.function(functionId).environment().forEach((name, value) ->
                variables.put(name, tables.getOrDefault(value, value)));
        variables.putAll(clientEnvironment());
        variables.putAll(extra);
        return Environment.of(variables);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
