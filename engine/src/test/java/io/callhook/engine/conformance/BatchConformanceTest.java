package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem and BatchWriteItem: multiple tables, limits, duplicates, and all-or-nothing validation. */
class BatchConformanceTest {

    private final DynamoDbClient dynamo = target().dynamo();
    private String first;
    private String second;

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    @BeforeEach
    void createTables() {
        first = Fixtures.createPkTable(dynamo, Target.uniqueTableName("batch-a"));
        second = Fixtures.createPkTable(dynamo, Target.uniqueTableName("batch-b"));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    private static WriteRequest delete(String pk) {
        return WriteRequest.builder().deleteRequest(d -> d.key(item("pk", pk))).build();
    }

    private int count(String table) {
        return dynamo.scan(b -> b.tableName(table)).count();
    }

    private static void assertValidation(DynamoDbException error) {
        assertEquals("ValidationException", error.awsErrorDetails().errorCode(), error.getMessage());
    }

    @Test
    @DisplayName("API Reference, BatchGetItem: items from several tables; missing keys are simply absent; "
            + "ProjectionExpression per table")
    void batchGetAcrossTables() {
        dynamo.putItem(b -> b.tableName(first).item(item("pk", "1", "v", "a1", "w", "x")));
        dynamo.putItem(b -> b.tableName(first).item(item("pk", "2", "v", "a2", "w", "x")));
        dynamo.putItem(b -> b.tableName(second).item(item("pk", "1", "v", "b1")));

        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                first, KeysAndAttributes.builder().keys(item("pk", "1"), item("pk", "2"), item("pk", "missing"))
                        .projectionExpression("pk, v").build(),
                second, KeysAndAttributes.builder().keys(item("pk", "1"), item("pk", "2")).build())));

        List<Map<String, AttributeValue>> fromFirst = new ArrayList<>(response.responses().get(first));
        fromFirst.sort((x, y) -> x.get("pk").s().compareTo(y.get("pk").s()));
        assertEquals(List.of(item("pk", "1", "v", "a1"), item("pk", "2", "v", "a2")), fromFirst);
        assertEquals(List.of(item("pk", "1", "v", "b1")), response.responses().get(second));
        assertTrue(response.unprocessedKeys().isEmpty());
    }

    @Test
    @DisplayName("API Reference, BatchWriteItem: puts and deletes across tables in one call")
    void batchWritePutsAndDeletes() {
        dynamo.putItem(b -> b.tableName(first).item(item("pk", "old")));

        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                first, List.of(put(item("pk", "1", "v", 1)), put(item("pk", "2")), delete("old"), delete("never")),
                second, List.of(put(item("pk", "x"))))));

        assertTrue(response.unprocessedItems().isEmpty());
        List<Map<String, AttributeValue>> remaining = dynamo.scan(b -> b.tableName(first)).items();
        assertEquals(Set.of("1", "2"), new HashSet<>(strings(remaining, "pk")));
        assertEquals(item("pk", "1", "v", 1),
                dynamo.getItem(b -> b.tableName(first).key(item("pk", "1"))).item());
        assertEquals(1, count(second));
    }

    @Test
    @DisplayName("API Reference, BatchWriteItem: more than 25 requests is a ValidationException; nothing written")
    void batchWriteOver25Refused() {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            writes.add(put(item("pk", "k" + i)));
        }

        assertValidation(assertThrows(DynamoDbException.class,
                () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(first, writes)))));
        assertEquals(0, count(first));

        dynamo.batchWriteItem(b -> b.requestItems(Map.of(first, writes.subList(0, 25))));
        assertEquals(25, count(first), "exactly 25 is accepted");
    }

    @Test
    @DisplayName("API Reference, BatchGetItem: more than 100 keys is a ValidationException")
    void batchGetOver100Refused() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(item("pk", "k" + i));
        }

        assertValidation(assertThrows(DynamoDbException.class, () -> dynamo.batchGetItem(b -> b.requestItems(
                Map.of(first, KeysAndAttributes.builder().keys(keys).build())))));

        BatchGetItemResponse hundred = dynamo.batchGetItem(b -> b.requestItems(
                Map.of(first, KeysAndAttributes.builder().keys(keys.subList(0, 100)).build())));
        assertTrue(hundred.responses().get(first).isEmpty(), "exactly 100 is accepted");
    }

    @Test
    @DisplayName("API Reference, BatchWriteItem: two requests for the same item is a ValidationException; nothing "
            + "written")
    void batchWriteDuplicateKeysRefused() {
        assertValidation(assertThrows(DynamoDbException.class, () -> dynamo.batchWriteItem(b -> b.requestItems(
                Map.of(first, List.of(put(item("pk", "other")), put(item("pk", "same", "v", 1)),
                        delete("same")))))));

        assertEquals(0, count(first));
    }

    @Test
    @DisplayName("API Reference, BatchGetItem: the same key twice is a ValidationException")
    void batchGetDuplicateKeysRefused() {
        assertValidation(assertThrows(DynamoDbException.class, () -> dynamo.batchGetItem(b -> b.requestItems(
                Map.of(first, KeysAndAttributes.builder().keys(item("pk", "a"), item("pk", "a")).build())))));
    }

    @Test
    @DisplayName("API Reference, BatchWriteItem: one invalid item refuses the whole batch; nothing written")
    void batchWriteInvalidItemRefusesAll() {
        assertValidation(assertThrows(DynamoDbException.class, () -> dynamo.batchWriteItem(b -> b.requestItems(
                Map.of(first, List.of(put(item("pk", "good"))),
                        second, List.of(put(item("pk", "fine")), put(item("notTheKey", "bad"))))))));

        assertEquals(0, count(first));
        assertEquals(0, count(second));
    }

    @Test
    @DisplayName("API Reference, BatchWriteItem/BatchGetItem Errors: ResourceNotFoundException for a missing table; "
            + "nothing written to the others")
    void batchOnMissingTable() {
        String missing = Target.uniqueTableName("batch-missing");

        assertThrows(ResourceNotFoundException.class, () -> dynamo.batchWriteItem(b -> b.requestItems(
                Map.of(first, List.of(put(item("pk", "1"))), missing, List.of(put(item("pk", "1")))))));
        assertThrows(ResourceNotFoundException.class, () -> dynamo.batchGetItem(b -> b.requestItems(
                Map.of(missing, KeysAndAttributes.builder().keys(item("pk", "1")).build()))));

        assertFalse(dynamo.getItem(b -> b.tableName(first).key(item("pk", "1"))).hasItem());
    }
}
