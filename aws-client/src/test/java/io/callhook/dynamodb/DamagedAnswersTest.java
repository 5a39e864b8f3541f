// callhook's DynamoDB client against the project's engine over HTTP, with the engine's answers damaged on the way
// back (one byte flipped after the engine computed its x-amz-crc32): the client notices within the attempt and asks
// again, so the caller gets the intact answer, or a retryable failure when every answer is damaged.
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
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DamagedAnswersTest {

    private static final String TABLE = "damaged-answers";
    private static Engine engine;

    /** The crc32 header of every answer the engine sent, damaged or not. */
    private final List<String> crcHeaders = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
        DynamoDbJsonClient client = client(UrlConnectionTransport.standard());
        try (var sdk = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).endpointOverride(URI.create(engine.endpoint()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .build()) {
            sdk.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        }
        client.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("call-1"),
                "state", AttributeValue.fromS("ringing"))));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static DynamoDbJsonClient client(HttpTransport transport) {
        return new DynamoDbJsonClient(DynamoDbJsonClient.protocol().endpoint(URI.create(engine.endpoint())).region(
                "us-east-1")
                .credentials(CredentialsProvider.fixed("local", "local")).transport(transport)
                .sleeper(delay -> { }).build());
    }

    /** The engine's answers, the n-th (from 0) with one byte of its body flipped where {@code damaged} says. */
    private HttpTransport damaging(IntPredicate damaged) {
        HttpTransport http = UrlConnectionTransport.standard();
        List<Integer> sent = new CopyOnWriteArrayList<>();
        return (uri, headers, body) -> {
            HttpTransport.Response answer = http.post(uri, headers, body);
            crcHeaders.add(String.valueOf(answer.header("x-amz-crc32")));
            sent.add(sent.size());
            if (!damaged.test(sent.size() - 1)) {
                return answer;
            }
            byte[] flipped = answer.body().clone();
            flipped[flipped.length / 2] ^= 0x01;
            return new HttpTransport.Response(answer.status(), answer.headers(), flipped);
        };
    }

    @Test
    void aDamagedAnswerIsAskedForAgainAndTheIntactOneRead() throws IOException {
        DynamoDbJsonClient client = client(damaging(n -> n == 0));

        GetItemResponse found = client.getItem(r -> r.tableName(TABLE).key(Map.of("pk",
                AttributeValue.fromS("call-1"))).consistentRead(true));

        assertEquals("ringing", found.item().get("state").s());
        assertEquals(2, crcHeaders.size(), "asked twice");
        assertTrue(crcHeaders.stream().noneMatch("null"::equals), "the engine sends x-amz-crc32: " + crcHeaders);
    }

    @Test
    void answersDamagedEveryTimeAreARetryableFailureAfterEveryAttempt() {
        DynamoDbJsonClient client = client(damaging(n -> true));

        AwsException failure = assertThrows(AwsException.class, () -> client.getItem(r -> r.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS("call-1")))));

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("x-amz-crc32"), failure.getMessage());
        assertEquals(Retries.DYNAMODB_ATTEMPTS, crcHeaders.size());
    }
}
