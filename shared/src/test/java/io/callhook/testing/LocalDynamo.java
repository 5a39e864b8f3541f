package io.callhook.testing;

import io.callhook.aws.HttpTransport;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.engine.Engine;
import io.callhook.template.LocalTables;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The project's own DynamoDB-compatible engine ({@code engine/}) serving HTTP on a free loopback port, started once
 * per test JVM. Tests reach it with the same SDK client and HTTP client the functions use, and create the template's
 * tables under fresh names so test classes never see each other's items.
 */
public final class LocalDynamo {

    private static LocalDynamo instance;
    private static final AtomicInteger TABLE_SETS = new AtomicInteger();

    private final Engine engine;
    private final String endpoint;

    private LocalDynamo(Engine engine) {
        this.engine = engine;
        this.endpoint = engine.endpoint();
    }

    public static synchronized LocalDynamo shared() {
        if (instance == null) {
            Engine engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
            instance = new LocalDynamo(engine);
        }
        return instance;
    }

    /** The engine, for tests that inject faults into it. */
    public Engine engine() {
        return engine;
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * An environment pointing callhook's client at this server, retrying without waiting between attempts (the
     * engine's injected faults would otherwise cost each test seconds of backoff).
     */
    public Map<String, String> clientEnvironment() {
        return Map.of(AwsClients.DYNAMODB_ENDPOINT, endpoint, AwsClients.REGION, "us-east-1",
                AwsClients.RETRY_BACKOFF, "none");
    }

    /** callhook's own DynamoDB client (what the functions use) on this server. */
    public DynamoDbJsonClient client() {
        return AwsClients.dynamoDb(Environment.of(clientEnvironment()));
    }

    /** callhook's client on this server, sending through {@code transport} (a {@link RequestCounter}, say). */
    public DynamoDbJsonClient client(HttpTransport transport) {
        return AwsClients.dynamoDb(Environment.of(clientEnvironment()), transport);
    }

    /**
     * The AWS SDK's DynamoDB client on this server: tests create tables and read back what callhook wrote with it,
     * an independent second implementation of the wire protocol.
     */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient sdkClient() {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Creates every table of {@code template.yaml} under a fresh suffix; returns logical id to table name. */
    public Map<String, String> createTables() {
        String suffix = "-t" + TABLE_SETS.incrementAndGet();
        try (var dynamo = sdkClient()) {
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

}
