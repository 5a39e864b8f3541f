package io.callhook.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callhook.engine.Engine;
import io.callhook.engine.Faults;
import io.callhook.engine.conformance.Clients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Injected failures, set through the Java API and through the admin endpoint: each kind answers DynamoDB's error
 * for it, rules fire exactly as often as they say and only where they say, a failed call writes nothing, and the
 * SDK's own retries absorb a short burst of throttling. An engine of its own, so no rule leaks into other tests.
 */
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Engine engine;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static HttpClient http;
    private static final String TABLE = "faulty";
    private static final String OTHER = "healthy";

    @BeforeAll
    static void setUp() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
        dynamo = Clients.dynamo(engine.endpoint());
        streams = Clients.streams(engine.endpoint());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String name : List.of(TABLE, OTHER)) {
            dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        }
    }

    @AfterAll
    static void tearDown() {
        dynamo.close();
        streams.close();
        engine.close();
    }

    @BeforeEach
    @AfterEach
    void noRules() {
        engine.faults().clear();
    }

    // ------------------------------------------------------------------------------------------------ Java API

    @Test
    void aNextNCallsRuleFailsExactlyNCallsThenLetsThrough() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("PutItem").table(TABLE).times(3)
                .answer(Faults.Kind.THROTTLING));
        long items = count(TABLE);
        int records = records(TABLE);
        for (int i = 0; i < 3; i++) {
            DynamoDbException e = assertThrows(DynamoDbException.class, () -> put(TABLE, "next-n"));
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
        assertEquals(3, rule.fired());
        assertEquals(0, rule.remaining());
        assertEquals(items, count(TABLE), "a throttled put wrote");
        assertEquals(records, records(TABLE), "a throttled put left a stream record");
        put(TABLE, "next-n");
        assertEquals(items + 1, count(TABLE));
        assertEquals(3, rule.fired());
    }

    @Test
    void aTableRuleLeavesOtherTablesAlone() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.onAny().table(TABLE)
                .answer(Faults.Kind.INTERNAL_SERVER_ERROR));
        put(OTHER, "table-scoped");
        assertNotNull(dynamo.getItem(b -> b.tableName(OTHER).key(key("table-scoped"))).item());
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(OTHER, List.of(putRequest("batch-other")))));
        assertEquals(0, rule.fired());
        assertThrows(InternalServerErrorException.class, () -> put(TABLE, "table-scoped"));
        assertThrows(InternalServerErrorException.class,
                () -> dynamo.getItem(b -> b.tableName(TABLE).key(key("x"))));
        assertThrows(InternalServerErrorException.class, () -> dynamo.batchWriteItem(b -> b.requestItems(
                Map.of(OTHER, List.of(putRequest("mixed-1")), TABLE, List.of(putRequest("mixed-2"))))));
        assertEquals(3, rule.fired());
        engine.faults().clear();
        assertTrue(dynamo.getItem(b -> b.tableName(OTHER).key(key("mixed-1"))).item().isEmpty(),
                "a batch that failed wrote to the healthy table");
    }

    @Test
    void anOperationRuleLeavesOtherOperationsAlone() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("GetItem")
                .answer(Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED));
        put(TABLE, "op-scoped");
        dynamo.scan(b -> b.tableName(TABLE));
        assertThrows(ProvisionedThroughputExceededException.class,
                () -> dynamo.getItem(b -> b.tableName(TABLE).key(key("op-scoped"))));
        assertThrows(ProvisionedThroughputExceededException.class,
                () -> dynamo.getItem(b -> b.tableName(OTHER).key(key("op-scoped"))));
        assertEquals(2, rule.fired());
    }

    @Test
    void aProbabilityRuleFailsSomeCallsButNotAll() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("GetItem").table(TABLE).probability(0.3)
                .answer(Faults.Kind.THROTTLING));
        int calls = 200;
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            try {
                dynamo.getItem(b -> b.tableName(TABLE).key(key("probability")));
            } catch (DynamoDbException e) {
                assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
                failures++;
            }
        }
        assertTrue(failures > 0 && failures < calls, failures + " of " + calls + " failed");
        assertEquals(failures, rule.fired());
        assertEquals(-1, rule.remaining());
    }

    @Test
    void aNextNCallsRuleCountsExactlyUnderConcurrency() throws Exception {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("GetItem").table(TABLE).times(25)
                .answer(Faults.Kind.THROTTLING));
        int threads = 16;
        int callsPerThread = 10;
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsPerThread; i++) {
                        try {
                            dynamo.getItem(b -> b.tableName(TABLE).key(key("concurrent")));
                        } catch (DynamoDbException e) {
                            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(25, failures.get());
        assertEquals(25, rule.fired());
        assertEquals(0, rule.remaining());
    }

    @Test
    void everyKindAnswersItsErrorOverTheWire() throws Exception {
        record Expected(Faults.Kind kind, String operation, int status, String type) {
        }
        List<Expected> expectations = List.of(
                new Expected(Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED, "PutItem", 400,
                        "ProvisionedThroughputExceededException"),
                new Expected(Faults.Kind.THROTTLING, "PutItem", 400, "ThrottlingException"),
                new Expected(Faults.Kind.INTERNAL_SERVER_ERROR, "PutItem", 500, "InternalServerError"),
                new Expected(Faults.Kind.TRANSACTION_CONFLICT, "PutItem", 400, "TransactionConflictException"),
                new Expected(Faults.Kind.TRANSACTION_CONFLICT, "TransactWriteItems", 400,
                        "TransactionCanceledException"));
        String put = "{\"TableName\": \"" + TABLE + "\", \"Item\": {\"pk\": {\"S\": \"wire\"}}}";
        String transaction = "{\"TransactItems\": [{\"Put\": " + put + "}, {\"Put\": {\"TableName\": \"" + OTHER
                + "\", \"Item\": {\"pk\": {\"S\": \"wire\"}}}}]}";
        long items = count(TABLE);
        for (Expected expected : expectations) {
            engine.faults().clear();
            Faults.Rule rule = engine.faults().add(Faults.Rule.on(expected.operation()).times(1)
                    .answer(expected.kind()));
            HttpResponse<String> response = post("DynamoDB_20120810." + expected.operation(),
                    expected.operation().equals("PutItem") ? put : transaction);
            assertEquals(expected.status(), response.statusCode(), expected + ": " + response.body());
            JsonNode body = JSON.readTree(response.body());
            String type = body.get("__type").textValue();
            assertEquals(expected.type(), type.substring(type.indexOf('#') + 1), expected.toString());
            if (expected.type().equals("TransactionCanceledException")) {
                assertEquals("TransactionConflict", body.get("CancellationReasons").get(0).get("Code").textValue());
                assertEquals(2, body.get("CancellationReasons").size());
            }
            assertEquals(1, rule.fired());
        }
        assertEquals(items, count(TABLE), "a failed call wrote");
        assertTrue(dynamo.getItem(b -> b.tableName(OTHER).key(key("wire"))).item().isEmpty());
    }

    @Test
    void everyKindMapsToItsSdkException() {
        assertSdkError(Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED, "PutItem",
                ProvisionedThroughputExceededException.class, () -> put(TABLE, "sdk"));
        assertSdkError(Faults.Kind.INTERNAL_SERVER_ERROR, "PutItem", InternalServerErrorException.class,
                () -> put(TABLE, "sdk"));
        assertSdkError(Faults.Kind.TRANSACTION_CONFLICT, "UpdateItem", TransactionConflictException.class,
                () -> dynamo.updateItem(b -> b.tableName(TABLE).key(key("sdk")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.builder().n("1").build()))));
        TransactionCanceledException cancelled = (TransactionCanceledException) assertSdkError(
                Faults.Kind.TRANSACTION_CONFLICT, "TransactWriteItems", TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE).item(Map.of("pk", s("sdk")))).build())));
        assertEquals("TransactionConflict", cancelled.cancellationReasons().get(0).code());
        assertEquals(400, cancelled.statusCode());
        TransactionCanceledException readCancelled = (TransactionCanceledException) assertSdkError(
                Faults.Kind.TRANSACTION_CONFLICT, "TransactGetItems", TransactionCanceledException.class,
                () -> dynamo.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
                        .get(g -> g.tableName(TABLE).key(key("sdk"))).build())));
        assertEquals("TransactionConflict", readCancelled.cancellationReasons().get(0).code());
        assertTrue(dynamo.getItem(b -> b.tableName(TABLE).key(key("sdk"))).item().isEmpty(), "a failed call wrote");
    }

    @Test
    void aDelayRuleDelaysButTheCallSucceeds() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("PutItem").table(TABLE).times(1).delay(100));
        put(TABLE, "delayed");
        assertEquals(1, rule.fired());
        assertEquals(Faults.Kind.DELAY, rule.kind());
        assertNotNull(dynamo.getItem(b -> b.tableName(TABLE).key(key("delayed"))).item().get("pk"));
    }

    @Test
    void aFailedWriteOfAnyKindWritesNothing() {
        put(TABLE, "existing");
        List<Consumer<DynamoDbClient>> writes = List.of(
                d -> put(TABLE, "new-by-put"),
                d -> d.updateItem(b -> b.tableName(TABLE).key(key("existing")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", s("changed")))),
                d -> d.deleteItem(b -> b.tableName(TABLE).key(key("existing"))),
                d -> d.batchWriteItem(b -> b.requestItems(Map.of(TABLE, List.of(putRequest("new-by-batch"))))),
                d -> d.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("pk", s("new-by-tx"))))
                                .build(),
                        TransactWriteItem.builder().delete(x -> x.tableName(TABLE).key(key("existing"))).build())));
        List<String> operations = List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                "TransactWriteItems");
        Map<String, AttributeValue> existing = dynamo.getItem(b -> b.tableName(TABLE).key(key("existing"))
                .consistentRead(true)).item();
        long items = count(TABLE);
        int records = records(TABLE);
        for (int i = 0; i < writes.size(); i++) {
            Faults.Rule rule = engine.faults().add(Faults.Rule.on(operations.get(i)).times(1)
                    .answer(Faults.Kind.INTERNAL_SERVER_ERROR));
            Consumer<DynamoDbClient> write = writes.get(i);
            assertThrows(InternalServerErrorException.class, () -> write.accept(dynamo), operations.get(i));
            assertEquals(1, rule.fired(), operations.get(i));
            assertEquals(items, count(TABLE), operations.get(i));
            assertEquals(records, records(TABLE), operations.get(i));
            assertEquals(existing, dynamo.getItem(b -> b.tableName(TABLE).key(key("existing"))
                    .consistentRead(true)).item(), operations.get(i));
        }
    }

    @Test
    void streamOperationsCanFailToo() {
        String arn = dynamo.describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
        String otherArn = dynamo.describeTable(b -> b.tableName(OTHER)).table().latestStreamArn();
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("DescribeStream").table(TABLE)
                .answer(Faults.Kind.THROTTLING));
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> streams.describeStream(b -> b.streamArn(arn)));
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        streams.describeStream(b -> b.streamArn(otherArn));
        assertEquals(1, rule.fired());
    }

    @Test
    void sdkRetriesAbsorbAShortThrottlingBurst() {
        Faults.Rule rule = engine.faults().add(Faults.Rule.on("PutItem").table(TABLE).times(2)
                .answer(Faults.Kind.THROTTLING));
        try (DynamoDbClient retrying = Clients.dynamoWithDefaultRetries(engine.endpoint())) {
            retrying.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s("retried"))));
        }
        assertEquals(2, rule.fired());
        assertEquals(0, rule.remaining());
        assertNotNull(dynamo.getItem(b -> b.tableName(TABLE).key(key("retried"))).item().get("pk"));
    }

    // ------------------------------------------------------------------------------------------------ admin HTTP

    @Test
    void theAdminEndpointAddsListsAndClearsRules() throws Exception {
        HttpResponse<String> added = admin("POST", "{\"operation\": \"PutItem\", \"table\": \"" + TABLE
                + "\", \"kind\": \"THROTTLING\", \"times\": 2}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("THROTTLING", JSON.readTree(added.body()).get("kind").textValue());
        JsonNode listed = JSON.readTree(admin("GET", null).body()).get("faults");
        assertEquals(1, listed.size());
        assertEquals(2, listed.get(0).get("remaining").intValue());

        for (int i = 0; i < 2; i++) {
            DynamoDbException e = assertThrows(DynamoDbException.class, () -> put(TABLE, "admin"));
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        }
        put(OTHER, "admin");
        put(TABLE, "admin");
        JsonNode after = JSON.readTree(admin("GET", null).body()).get("faults").get(0);
        assertEquals(2, after.get("fired").intValue());
        assertEquals(0, after.get("remaining").intValue());

        assertEquals(200, admin("DELETE", null).statusCode());
        assertEquals(0, JSON.readTree(admin("GET", null).body()).get("faults").size());
        assertTrue(engine.faults().rules().isEmpty());
    }

    @Test
    void theAdminEndpointTakesProbabilityAndDelayRules() throws Exception {
        assertEquals(201, admin("POST", "{\"operation\": \"GetItem\", \"table\": \"" + TABLE
                + "\", \"kind\": \"INTERNAL_SERVER_ERROR\", \"probability\": 0.5}").statusCode());
        int calls = 100;
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            try {
                dynamo.getItem(b -> b.tableName(TABLE).key(key("admin-probability")));
            } catch (InternalServerErrorException e) {
                assertEquals(500, e.statusCode());
                failures++;
            }
        }
        assertTrue(failures > 0 && failures < calls, failures + " of " + calls + " failed");
        assertEquals(failures, engine.faults().rules().get(0).fired());

        admin("DELETE", null);
        assertEquals(201, admin("POST", "{\"operation\": \"PutItem\", \"kind\": \"DELAY\", \"delayMillis\": 50, "
                + "\"times\": 1}").statusCode());
        put(TABLE, "admin-delayed");
        assertEquals(1, engine.faults().rules().get(0).fired());
        assertNotNull(dynamo.getItem(b -> b.tableName(TABLE).key(key("admin-delayed"))).item().get("pk"));
    }

    @Test
    void theAdminEndpointRefusesBadRules() throws Exception {
        for (String bad : List.of("{\"kind\": \"EXPLODE\"}", "{\"operation\": \"PutItem\"}",
                "{\"kind\": \"THROTTLING\", \"probability\": 2}", "{\"kind\": \"THROTTLING\", \"times\": 0}",
                "{\"kind\": \"THROTTLING\", \"times\": \"two\"}", "not json", "[]")) {
            HttpResponse<String> response = admin("POST", bad);
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
            assertTrue(JSON.readTree(response.body()).has("error"), response.body());
        }
        assertTrue(engine.faults().rules().isEmpty());
        assertEquals(404, admin("PUT", "{}").statusCode());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AwsServiceException assertSdkError(Faults.Kind kind, String operation,
                                                      Class<? extends AwsServiceException> type, Runnable call) {
        engine.faults().clear();
        Faults.Rule rule = engine.faults().add(Faults.Rule.on(operation).times(1).answer(kind));
        AwsServiceException e = assertThrows(AwsServiceException.class, call::run);
        assertInstanceOf(type, e, kind + " on " + operation + ": " + e);
        assertEquals(1, rule.fired());
        return e;
    }

    private static HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String method, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(engine.endpoint() + "/_engine/faults"))
                .timeout(Duration.ofSeconds(30))
                .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void put(String table, String pk) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk))));
    }

    private static long count(String table) {
        return dynamo.scan(b -> b.tableName(table).select(Select.COUNT).consistentRead(true)).count();
    }

    private static int records(String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator).limit(1000)).records().size();
    }

    private static WriteRequest putRequest(String pk) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s(pk))).build()).build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
