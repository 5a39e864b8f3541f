// callhook's DynamoDB client against the project's engine over HTTP: what it reads from answers (items, pages,
// cancellation reasons, old items), how it maps error answers, what it retries, and what it tells its listener.
package io.callhook.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.AwsServiceException;
import io.callhook.aws.HttpTransport;
import io.callhook.aws.Retries;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.engine.Faults;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbJsonClientEngineTest {

    private static final AtomicInteger PARTITIONS = new AtomicInteger();
    private static LocalDynamo local;
    private static String table;

    /** Every call the client reported to its listener: operation and whether it failed. */
    private final List<String> completed = new CopyOnWriteArrayList<>();
    private RequestCounter requests;
    private DynamoDbJsonClient client;
    private String pk;

    @BeforeAll
    static void createTable() {
        local = LocalDynamo.shared();
        table = "client-engine-test";
        try (var sdk = local.sdkClient()) {
            sdk.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk"), attribute("sk"))
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        }
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    @BeforeEach
    void newClient() {
        requests = new RequestCounter();
        client = clientOn(local.endpoint(), requests);
        pk = "partition-" + PARTITIONS.incrementAndGet();
    }

    @AfterEach
    void clearFaults() {
        local.engine().faults().clear();
    }

    private DynamoDbJsonClient clientOn(String endpoint, HttpTransport transport) {
        AwsJsonClient.Listener listener = (operation, nanos, failed) -> completed.add(operation + ":"
                + (failed ? "failed" : "ok"));
        return AwsClients.dynamoDb(Environment.of(Map.of(AwsClients.DYNAMODB_ENDPOINT, endpoint,
                AwsClients.REGION, "us-east-1", AwsClients.RETRY_BACKOFF, "none")), transport, listener);
    }

    private Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private Map<String, AttributeValue> item(String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(key(sk));
        item.putAll(attributes);
        return item;
    }

    // ---- answers

    @Test
    void getItemReadsBackEveryAttributeTypeAndTellsTheListenerOnce() {
        Map<String, AttributeValue> stored = item("every-type", Map.of(
                "s", AttributeValue.fromS("Emma \u00e4\u20ac"), "n", AttributeValue.fromN("12.5"),
                "b", AttributeValue.fromB(new byte[] {0, (byte) 0xff}),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(new byte[] {1}, new byte[] {2})),
                "m", AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                        AttributeValue.fromM(Map.of("x", AttributeValue.fromBool(true)))))))));
        Map<String, AttributeValue> withNulls = new java.util.LinkedHashMap<>(stored);
        withNulls.put("nothing", AttributeValue.fromNul(true));
        withNulls.put("flag", AttributeValue.fromBool(false));
        client.putItem(r -> r.tableName(table).item(withNulls));
        completed.clear();

        GetItemResponse found = client.getItem(r -> r.tableName(table).key(key("every-type")).consistentRead(true));

        assertTrue(found.hasItem());
        assertEquals(withNulls.keySet(), found.item().keySet());
        withNulls.forEach((name, value) -> assertEquals(value, found.item().get(name), name));
        assertEquals(List.of("GetItem:ok"), completed);
    }

    @Test
    void batchGetItemsReadsThePresentItemsOfManyKeysInOneRequestAndLeavesMissingOnesOut() {
        client.putItem(r -> r.tableName(table).item(item("a", Map.of("n", AttributeValue.fromN("1")))));
        client.putItem(r -> r.tableName(table).item(item("b", Map.of("m", AttributeValue.fromM(Map.of(
                "x", AttributeValue.fromSs(List.of("y", "z"))))))));
        requests.reset();

        List<Map<String, AttributeValue>> items = client.batchGetItems(table, List.of(key("a"), key("missing"),
                key("b")), false);

        assertEquals(List.of("BatchGetItem"), requests.requests());
        assertEquals(List.of("a", "b"), items.stream().map(item -> item.get("sk").s()).sorted().toList());
        Map<String, AttributeValue> b = items.stream().filter(item -> item.get("sk").s().equals("b")).findFirst()
                .orElseThrow();
        assertEquals(List.of("y", "z"), b.get("m").m().get("x").ss().stream().sorted().toList());
    }

    @Test
    void getItemOfAMissingItemHasNoItem() {
        GetItemResponse missing = client.getItem(r -> r.tableName(table).key(key("never-written")));

        assertFalse(missing.hasItem());
        assertTrue(missing.item().isEmpty());
    }

    @Test
    void queryPaginatorReadsEveryPageInOrder() {
        putNumbered(5);
        requests.reset();

        List<String> sks = client.queryPaginator(query(2)).items().stream().map(i -> i.get("sk").s()).toList();

        assertEquals(List.of("item-0", "item-1", "item-2", "item-3", "item-4"), sks);
        assertEquals(List.of("Query", "Query", "Query"), requests.requests());
    }

    @Test
    void queryPaginatorReadsNoFurtherPageThanTheStreamTakes() {
        putNumbered(5);
        requests.reset();

        List<String> firstThree = client.queryPaginator(query(2)).items().stream().limit(3)
                .map(i -> i.get("sk").s()).toList();
        assertEquals(List.of("item-0", "item-1", "item-2"), firstThree);
        assertEquals(2, requests.requests().size(), requests.requests().toString());

        requests.reset();
        QueryResponse first = client.queryPaginator(query(2)).stream().findFirst().orElseThrow();
        assertEquals(2, first.items().size());
        assertEquals(key("item-1"), first.lastEvaluatedKey());
        assertEquals(List.of("Query"), requests.requests());
    }

    @Test
    void queryCountsWithoutItems() {
        putNumbered(3);

        QueryResponse counted = client.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).select(Select.COUNT));

        assertEquals(3, counted.count());
        assertFalse(counted.hasItems());
    }

    @Test
    void scanPaginatorFollowsTheLastEvaluatedKeyToTheEnd() {
        putNumbered(5);
        int evaluated = client.scan(r -> r.tableName(table).consistentRead(true).select(Select.COUNT)).count();
        requests.reset();

        List<Map<String, AttributeValue>> pagesItems = client.scanPaginator(r -> r.tableName(table)
                .filterExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .limit(3)).items().stream().toList();

        assertEquals(List.of("item-0", "item-1", "item-2", "item-3", "item-4"),
                pagesItems.stream().map(i -> i.get("sk").s()).toList());
        // Limit counts items evaluated before the filter, and a full page always carries a LastEvaluatedKey: one
        // request per 3 items of the whole table, then the one that finds no more
        assertEquals(Collections.nCopies(evaluated / 3 + 1, "Scan"), requests.requests());
    }

    private QueryRequest query(int limit) {
        return QueryRequest.builder().tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(limit).build();
    }

    private void putNumbered(int count) {
        IntStream.range(0, count).forEach(i -> client.putItem(r -> r.tableName(table)
                .item(item("item-" + i, Map.of("n", AttributeValue.fromN(Integer.toString(i)))))));
    }

    // ---- refusals

    @Test
    void cancelledTransactionGivesOneReasonPerWriteInOrderWithTheOldItem() {
        Map<String, AttributeValue> existing = item("existing", Map.of("version", AttributeValue.fromN("1")));
        client.putItem(r -> r.tableName(table).item(existing));
        completed.clear();

        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class,
                () -> client.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(item("new", Map.of()))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key("existing"))
                                .updateExpression("SET version = :three").conditionExpression("version = :two")
                                .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"),
                                        ":three", AttributeValue.fromN("3")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                                .key(key("missing")).conditionExpression("attribute_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build())));

        List<CancellationReason> reasons = cancelled.cancellationReasons();
        assertEquals(List.of("None", "ConditionalCheckFailed", "ConditionalCheckFailed"),
                reasons.stream().map(CancellationReason::code).toList());
        assertFalse(reasons.get(0).hasItem());
        assertEquals(existing, reasons.get(1).item());
        assertFalse(reasons.get(2).hasItem(), "no old item where there was none");
        assertEquals("TransactionCanceledException", cancelled.errorCode());
        assertEquals(400, cancelled.statusCode());
        assertFalse(cancelled.retryable());
        assertFalse(client.getItem(r -> r.tableName(table).key(key("new"))).hasItem(), "nothing written");
        assertEquals(List.of("TransactWriteItems"), requests.requests().subList(1, 2));
        assertEquals("TransactWriteItems:failed", completed.get(0));
    }

    @Test
    void conditionalCheckFailureCarriesTheOldItemWhenAskedFor() {
        Map<String, AttributeValue> existing = item("guarded", Map.of("state", AttributeValue.fromS("ringing")));
        client.putItem(r -> r.tableName(table).item(existing));

        ConditionalCheckFailedException withOld = assertThrows(ConditionalCheckFailedException.class,
                () -> client.updateItem(guardedUpdate(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException withoutOld = assertThrows(ConditionalCheckFailedException.class,
                () -> client.updateItem(guardedUpdate(null)));

        assertTrue(withOld.hasItem());
        assertEquals(existing, withOld.item());
        assertFalse(withoutOld.hasItem());
        assertEquals("ConditionalCheckFailedException", withOld.errorCode());
        assertFalse(withOld.retryable());
        assertEquals(List.of("PutItem", "UpdateItem", "UpdateItem"), requests.requests(), "not retried");
    }

    private UpdateItemRequest guardedUpdate(ReturnValuesOnConditionCheckFailure onFailure) {
        return UpdateItemRequest.builder().tableName(table).key(key("guarded"))
                .updateExpression("SET #s = :ended").conditionExpression("#s = :answered")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":ended", AttributeValue.fromS("ended"),
                        ":answered", AttributeValue.fromS("answered")))
                .returnValuesOnConditionCheckFailure(onFailure).build();
    }

    @Test
    void validationErrorIsNotRetried() {
        DynamoDbException invalid = assertThrows(DynamoDbException.class, () -> client.updateItem(r -> r
                .tableName(table).key(key("x")).updateExpression("SET a = :undefined")));

        assertEquals("ValidationException", invalid.errorCode());
        assertEquals(400, invalid.statusCode());
        assertFalse(invalid.retryable());
        assertFalse(invalid.errorMessage().isBlank());
        assertEquals(List.of("UpdateItem"), requests.requests());
        assertEquals(List.of("UpdateItem:failed"), completed);
    }

    // ---- retries

    @Test
    void throttlingIsRetriedUntilItSucceeds() {
        Faults.Rule rule = local.engine().faults().add(Faults.Rule.on("UpdateItem").table(table).times(2)
                .answer(Faults.Kind.THROTTLING));

        UpdateItemResponse updated = client.updateItem(r -> r.tableName(table).key(key("counter"))
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.ALL_NEW));

        assertEquals(2, rule.fired());
        assertEquals(List.of("UpdateItem", "UpdateItem", "UpdateItem"), requests.requests());
        assertEquals("1", updated.attributes().get("hits").n(), "applied once");
        assertEquals(List.of("UpdateItem:ok"), completed);
    }

    @Test
    void throttlingOnEveryAttemptExhaustsTheRetriesWithARetryableError() {
        local.engine().faults().add(Faults.Rule.on("UpdateItem").table(table).times(Retries.DYNAMODB_ATTEMPTS)
                .answer(Faults.Kind.THROTTLING));

        AwsServiceException throttled = assertThrows(AwsServiceException.class, () -> client.updateItem(r -> r
                .tableName(table).key(key("counter")).updateExpression("ADD hits :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));

        assertEquals("ThrottlingException", throttled.errorCode());
        assertTrue(throttled.retryable());
        assertEquals(Collections.nCopies(Retries.DYNAMODB_ATTEMPTS, "UpdateItem"), requests.requests());
        assertEquals(List.of("UpdateItem:failed"), completed);
        assertFalse(client.getItem(r -> r.tableName(table).key(key("counter"))).hasItem(), "nothing written");
    }

    @Test
    void unreachableEndpointIsARetryableFailureAfterEveryAttempt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DynamoDbJsonClient unreachable = clientOn("http://127.0.0.1:" + closedPort, requests);

        AwsException failure = assertThrows(AwsException.class,
                () -> unreachable.getItem(r -> r.tableName(table).key(key("x"))));

        assertFalse(failure instanceof AwsServiceException, "no answer, so no service error");
        assertTrue(failure.retryable());
        assertInstanceOf(IOException.class, failure.getCause());
        assertEquals(Collections.nCopies(Retries.DYNAMODB_ATTEMPTS, "GetItem"), requests.requests());
        assertEquals(List.of("GetItem:failed"), completed);
    }

    @Test
    void aRetriedTransactionWhoseAnswerWasLostIsNotAppliedTwice() {
        RequestCounter engine = new RequestCounter();
        AtomicInteger attempts = new AtomicInteger();
        HttpTransport losingFirstAnswer = (uri, headers, body) -> {
            HttpTransport.Response response = engine.post(uri, headers, body);
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("connection reset after the request was sent");
            }
            return response;
        };
        DynamoDbJsonClient losing = clientOn(local.endpoint(), losingFirstAnswer);

        losing.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("created-once", Map.of()))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("tally"))
                        .updateExpression("ADD n :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()));

        assertEquals(List.of("TransactWriteItems", "TransactWriteItems"), engine.requests());
        assertEquals("1", client.getItem(r -> r.tableName(table).key(key("tally"))).item().get("n").n());
        assertEquals(List.of("TransactWriteItems:ok", "GetItem:ok"), completed);
    }
}
