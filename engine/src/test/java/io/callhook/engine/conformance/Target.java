package io.callhook.engine.conformance;

import io.callhook.engine.Engine;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Where the conformance suite runs: the project's engine in this JVM (default), or any DynamoDB-compatible
 * endpoint named by {@code CALLHOOK_CONFORMANCE_ENDPOINT} (LocalStack, real DynamoDB through a proxy, ...), so
 * divergence from other implementations can be measured with the same tests. Clients are the real AWS SDK with
 * retries off, so every answer the tests see is the server's own.
 */
public final class Target {

    public static final String ENDPOINT_VARIABLE = "CALLHOOK_CONFORMANCE_ENDPOINT";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static Target shared;

    private final String endpoint;
    private final Engine engine;

    private Target(String endpoint, Engine engine) {
        this.endpoint = endpoint;
        this.engine = engine;
    }

    /** The target for this test JVM, started once. */
    public static synchronized Target get() {
        if (shared == null) {
            String external = System.getenv(ENDPOINT_VARIABLE);
            if (external != null && !external.isBlank()) {
                shared = new Target(external, null);
            } else {
                Engine engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
                Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
                shared = new Target(engine.endpoint(), engine);
            }
        }
        return shared;
    }

    /** A target for one endpoint (LocalStack's, for example). */
    public static Target at(String endpoint) {
        return new Target(endpoint, null);
    }

    public String endpoint() {
        return endpoint;
    }

    /** The in-process engine, or null when the suite runs against another endpoint. */
    public Engine engine() {
        return engine;
    }

    public boolean isEngine() {
        return engine != null;
    }

    public DynamoDbClient dynamo() {
        return Clients.dynamo(endpoint);
    }

    public DynamoDbStreamsClient streams() {
        return Clients.streams(endpoint);
    }

    /** A table name no other test uses. */
    public static String uniqueTableName(String prefix) {
        return prefix + "-" + RUN + "-" + TABLES.incrementAndGet();
    }
}
