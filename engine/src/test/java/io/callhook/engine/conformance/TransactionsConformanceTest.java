package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems and TransactGetItems (Developer Guide, "Amazon DynamoDB Transactions: How it works"). */
class TransactionsConformanceTest {

    private final DynamoDbClient dynamo = target().dynamo();
    private String accounts;
    private String ledger;

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    @BeforeEach
    void createTables() {
        accounts = Fixtures.createPkTable(dynamo, Target.uniqueTableName("tx-accounts"));
        ledger = Fixtures.createPkTable(dynamo, Target.uniqueTableName("tx-ledger"));
        dynamo.putItem(b -> b.tableName(accounts).item(item("pk", "alice", "balance", 100)));
        dynamo.putItem(b -> b.tableName(accounts).item(item("pk", "bob", "balance", 5)));
        dynamo.putItem(b -> b.tableName(ledger).item(item("pk", "stale")));
        dynamo.putItem(b -> b.tableName(ledger).item(item("pk", "open", "state", "open")));
    }

    private Map<String, AttributeValue> get(String table, String pk) {
        return dynamo.getItem(b -> b.tableName(table).key(item("pk", pk)).consistentRead(true)).item();
    }

    /** Put to ledger, Update of alice, Delete of stale, ConditionCheck on "open" whose condition is given. */
    private List<TransactWriteItem> fourActions(String checkCondition, boolean allOldOnFailure) {
        ReturnValuesOnConditionCheckFailure onFailure = allOldOnFailure
                ? ReturnValuesOnConditionCheckFailure.ALL_OLD : ReturnValuesOnConditionCheckFailure.NONE;
        return List.of(
                TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", "tx1", "amount", 10))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(accounts).key(item("pk", "alice"))
                        .updateExpression("SET balance = balance - :a").conditionExpression("balance >= :a")
                        .expressionAttributeValues(values(":a", 10))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(ledger).key(item("pk", "stale"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(ledger).key(item("pk", "open"))
                        .conditionExpression(checkCondition).expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(values(":s", "open"))
                        .returnValuesOnConditionCheckFailure(onFailure)).build());
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems: Put, Update, Delete and ConditionCheck across two tables all "
            + "apply")
    void allActionsApply() {
        dynamo.transactWriteItems(b -> b.transactItems(fourActions("#s = :s", false)));

        assertEquals(item("pk", "tx1", "amount", 10), get(ledger, "tx1"));
        assertEquals(item("pk", "alice", "balance", 90), get(accounts, "alice"));
        assertTrue(get(ledger, "stale").isEmpty());
    }

    @Test
    @DisplayName("Developer Guide, Transactions (TransactWriteItems): a failing condition cancels every action; "
            + "CancellationReasons in request order, None for the others, the item with ALL_OLD")
    void failingConditionCancelsAll() {
        TransactionCanceledException error = assertThrows(TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(fourActions("#s <> :s", true))));

        List<CancellationReason> reasons = error.cancellationReasons();
        assertEquals(List.of("None", "None", "None", "ConditionalCheckFailed"),
                reasons.stream().map(CancellationReason::code).toList());
        assertEquals(item("pk", "open", "state", "open"), reasons.get(3).item());
        assertFalse(reasons.get(0).hasItem() && !reasons.get(0).item().isEmpty());
        assertTrue(get(ledger, "tx1").isEmpty(), "put not applied");
        assertEquals(item("pk", "alice", "balance", 100), get(accounts, "alice"), "update not applied");
        assertEquals(item("pk", "stale"), get(ledger, "stale"), "delete not applied");
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems: an Update whose condition fails is reported at its position")
    void failingUpdateConditionReportedInPlace() {
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(accounts).key(item("pk", "bob"))
                        .updateExpression("SET balance = balance - :a").conditionExpression("balance >= :a")
                        .expressionAttributeValues(values(":a", 10))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", "tx2"))).build());

        TransactionCanceledException error = assertThrows(TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(actions)));

        assertEquals(List.of("ConditionalCheckFailed", "None"),
                error.cancellationReasons().stream().map(CancellationReason::code).toList());
        assertFalse(error.cancellationReasons().get(0).hasItem() && !error.cancellationReasons().get(0).item()
                .isEmpty(), "no item without ReturnValuesOnConditionCheckFailure=ALL_OLD");
        assertTrue(get(ledger, "tx2").isEmpty());
        assertEquals(item("pk", "bob", "balance", 5), get(accounts, "bob"));
    }

    @Test
    @DisplayName("Developer Guide, Transactions: one item may appear in only one action; ValidationException")
    void sameItemTwiceRefused() {
        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.transactWriteItems(b -> b
                .transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", "dup"))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(ledger).key(item("pk", "dup"))
                                .updateExpression("SET v = :v").expressionAttributeValues(values(":v", 1))).build())));

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertTrue(get(ledger, "dup").isEmpty());
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems TransactItems: at most 100 actions; ValidationException")
    void moreThan100ActionsRefused() {
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String pk = "many-" + i;
            actions.add(TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", pk))).build());
        }

        DynamoDbException error = assertThrows(DynamoDbException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(actions)));

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertTrue(get(ledger, "many-0").isEmpty());
        dynamo.transactWriteItems(b -> b.transactItems(actions.subList(0, 100)));
        assertEquals(item("pk", "many-99"), get(ledger, "many-99"), "exactly 100 actions are accepted");
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems ClientRequestToken: a repeated call with the same token is "
            + "applied once")
    void idempotentRetry() {
        String token = UUID.randomUUID().toString();
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().clientRequestToken(token)
                .transactItems(TransactWriteItem.builder().update(u -> u.tableName(accounts).key(item("pk", "bob"))
                        .updateExpression("ADD balance :one").expressionAttributeValues(values(":one", 1))).build())
                .build();

        dynamo.transactWriteItems(request);
        dynamo.transactWriteItems(request);

        assertEquals(item("pk", "bob", "balance", 6), get(accounts, "bob"));
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems Errors: same ClientRequestToken with a different request is "
            + "IdempotentParameterMismatchException")
    void tokenReuseWithDifferentRequest() {
        String token = UUID.randomUUID().toString();
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(ledger).item(item("pk", "first"))).build()));

        assertThrows(IdempotentParameterMismatchException.class, () -> dynamo.transactWriteItems(b -> b
                .clientRequestToken(token).transactItems(TransactWriteItem.builder()
                        .put(p -> p.tableName(ledger).item(item("pk", "second"))).build())));

        assertTrue(get(ledger, "second").isEmpty());
    }

    @Test
    @DisplayName("API Reference, TransactGetItems: responses in request order, empty for a missing item, "
            + "ProjectionExpression per action")
    void transactGet() {
        List<ItemResponse> responses = dynamo.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(accounts).key(item("pk", "bob"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(ledger).key(item("pk", "nobody"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(accounts).key(item("pk", "alice"))
                        .projectionExpression("balance")).build())).responses();

        assertEquals(3, responses.size());
        assertEquals(item("pk", "bob", "balance", 5), responses.get(0).item());
        assertTrue(responses.get(1).item() == null || responses.get(1).item().isEmpty());
        assertEquals(item("balance", 100), responses.get(2).item());
    }
    @Test
    @DisplayName("API Reference, TransactGetItems TransactItems: at most 100 actions; ValidationException")
    void transactGetOver100Refused() {
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String pk = "k" + i;
            gets.add(TransactGetItem.builder().get(g -> g.tableName(ledger).key(item("pk", pk))).build());
        }

        DynamoDbException error = assertThrows(DynamoDbException.class,
                () -> dynamo.transactGetItems(b -> b.transactItems(gets)));

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertEquals(100, dynamo.transactGetItems(b -> b.transactItems(gets.subList(0, 100))).responses().size());
    }

    @Test
    @DisplayName("API Reference, CancellationReason: a failed condition on a missing item carries no Item even with "
            + "ALL_OLD")
    void failedConditionOnMissingItemHasNoItem() {
        TransactionCanceledException error = assertThrows(TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName(ledger).key(item("pk", "ghost"))
                                .conditionExpression("attribute_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build(),
                        TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", "after"))).build())));

        CancellationReason reason = error.cancellationReasons().get(0);
        assertEquals("ConditionalCheckFailed", reason.code());
        assertTrue(!reason.hasItem() || reason.item().isEmpty(), "no item to return: " + reason.item());
        assertEquals("None", error.cancellationReasons().get(1).code());
        assertTrue(get(ledger, "after").isEmpty());
    }

    @Test
    @DisplayName("API Reference, TransactWriteItems Errors: ResourceNotFoundException for a missing table; nothing "
            + "applied")
    void transactionOnMissingTable() {
        String missing = Target.uniqueTableName("tx-missing");

        assertThrows(ResourceNotFoundException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(ledger).item(item("pk", "partial"))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(missing).item(item("pk", "x"))).build())));

        assertTrue(get(ledger, "partial").isEmpty());
    }
}
