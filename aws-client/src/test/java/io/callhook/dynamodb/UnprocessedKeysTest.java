// callhook's DynamoDB client against the project's engine over HTTP, with the engine's BatchGetItem answers replaced
// on the way back by DynamoDB's partial answer (every key unprocessed) a given number of times: the client asks again
// for the unprocessed keys only after an exponentially growing, jittered backoff, as the SDK advises.
package io.callhook.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.AwsException;
import io.callhook.aws.CredentialsProvider;
import io.callhook.aws.HttpTransport;
import io.callhook.aws.Retries;
import io.callhook.aws.UrlConnectionTransport;
import io.callhook.engine.Engine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnprocessedKeysTest {

    private static final String TABLE = "unprocessed-keys";
    private static Engine engine;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();

    @BeforeAll
    static void start() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
        try (var sdk = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).endpointOverride(URI.create(engine.endpoint()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .build()) {
            sdk.createTable(r -> r.tableName(TABLE).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            sdk.putItem(r -> r.tableName(TABLE).item(Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("call-1"))));
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** A client whose first {@code partial} BatchGetItem answers leave every key unprocessed. */
    private DynamoDbJsonClient client(int partial) {
        HttpTransport http = UrlConnectionTransport.standard();
        HttpTransport transport = (uri, headers, body) -> {
            String request = new String(body, StandardCharsets.UTF_8);
            if (!headers.getOrDefault("X-Amz-Target", "").endsWith("BatchGetItem")
                    || batches.incrementAndGet() > partial) {
                return http.post(uri, headers, body);
            }
            String items = request.substring(request.indexOf("\"RequestItems\":") + "\"RequestItems\":".length(),
                    request.lastIndexOf('}'));
            return new HttpTransport.Response(200, ("{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":"
                    + items + "}").getBytes(StandardCharsets.UTF_8));
        };
        return new DynamoDbJsonClient(DynamoDbJsonClient.protocol().endpoint(URI.create(engine.endpoint()))
                .region("us-east-1").credentials(CredentialsProvider.fixed("local", "local")).transport(transport)
                .sleeper(waits::add).build());
    }

    @Test
    void unprocessedKeysAreAskedForAgainAfterAGrowingJitteredBackoff() {
        List<Map<String, AttributeValue>> items = client(3).batchGetItems(TABLE,
                List.of(Map.of("pk", AttributeValue.fromS("call-1"))), true);
        assertEquals(1, items.size());
        assertEquals(4, batches.get(), "three partial answers, then the whole one");
        assertEquals(3, waits.size(), "a wait before each request again: " + waits);
        for (int n = 0; n < waits.size(); n++) {
            Duration most = Retries.DYNAMODB_BASE_DELAY.multipliedBy(1L << n);
            assertTrue(!waits.get(n).isNegative() && waits.get(n).compareTo(most) <= 0,
                    "wait " + (n + 1) + " within full jitter of " + most + ": " + waits);
        }
    }

    @Test
    void keysStillUnprocessedAfterTheLastRequestFailRetryably() {
        AwsException failure = assertThrows(AwsException.class, () -> client(Integer.MAX_VALUE).batchGetItems(TABLE,
                List.of(Map.of("pk", AttributeValue.fromS("call-1"))), true));
        assertTrue(failure.retryable());
        assertEquals(DynamoDbJsonClient.BATCH_GET_ATTEMPTS, batches.get());
        assertEquals(DynamoDbJsonClient.BATCH_GET_ATTEMPTS - 1, waits.size());
    }
}
