package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.b;
import static io.callhook.engine.conformance.Fixtures.bool;
import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.l;
import static io.callhook.engine.conformance.Fixtures.m;
import static io.callhook.engine.conformance.Fixtures.n;
import static io.callhook.engine.conformance.Fixtures.ns;
import static io.callhook.engine.conformance.Fixtures.nul;
import static io.callhook.engine.conformance.Fixtures.s;
import static io.callhook.engine.conformance.Fixtures.ss;
import static io.callhook.engine.conformance.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem, their conditions, return values and limits. */
class ItemsConformanceTest {

    private static final int MAX_ITEM_BYTES = 400 * 1024;

    private final DynamoDbClient dynamo = target().dynamo();
    private String table;

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    @BeforeEach
    void createTable() {
        table = Fixtures.createPkTable(dynamo, Target.uniqueTableName("items"));
    }

    private Map<String, AttributeValue> get(String pk) {
        return dynamo.getItem(b -> b.tableName(table).key(item("pk", pk)).consistentRead(true)).item();
    }

    private void put(Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static DynamoDbException validation(Runnable call) {
        DynamoDbException error = assertThrows(DynamoDbException.class, call::run);
        assertEquals("ValidationException", error.awsErrorDetails().errorCode(), error.getMessage());
        assertEquals(400, error.statusCode());
        return error;
    }

    // ------------------------------------------------------------------ values

    @Test
    @DisplayName("Developer Guide, Supported data types: every scalar, document and set type round-trips")
    void allTypesRoundTrip() {
        String digits38 = "12345678901234567890123456789012345678";
        Map<String, AttributeValue> written = item("pk", "types",
                "s", s("text ü 日本"),
                "n", n(digits38),
                "negative", n("-0.000000000000000000000000000000000001"),
                "b", b((byte) 0, (byte) 255, (byte) 7),
                "bool", bool(false),
                "null", nul(),
                "list", l(s("x"), n(1), l(bool(true)), m("k", s("v"))),
                "map", m("nested", m("deep", n(2)), "empty", AttributeValue.fromM(Map.of()),
                        "emptyList", AttributeValue.fromL(List.of())),
                "ss", ss("a", "b", "c"),
                "ns", ns("1", "2.5", "-3"),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                        SdkBytes.fromByteArray(new byte[] {2, 3}))));
        put(written);

        Map<String, AttributeValue> read = get("types");

        assertEquals(written.keySet(), read.keySet());
        for (String name : List.of("pk", "s", "n", "negative", "b", "bool", "null", "list", "map")) {
            assertEquals(written.get(name), read.get(name), name);
        }
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(read.get("ss").ss()));
        assertEquals(Set.of("1", "2.5", "-3"), new HashSet<>(read.get("ns").ns()));
        assertEquals(Set.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {2, 3})),
                new HashSet<>(read.get("bs").bs()));
    }

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({"0010.500, 10.5", "1.0, 1", "000, 0", "-00.50, -0.5", "1E+2, 100"})
    @DisplayName("Developer Guide, Supported data types (Number): leading and trailing zeroes are trimmed")
    void numbersAreNormalised(String written, String stored) {
        put(item("pk", "number", "n", n(written)));

        assertEquals(stored, get("number").get("n").n());
    }

    @Test
    @DisplayName("Developer Guide, Supported data types (Number): more than 38 significant digits is refused")
    void numberPrecisionLimit() {
        validation(() -> put(item("pk", "precise", "n", n("123456789012345678901234567890123456789"))));

        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "precise"))).hasItem());
    }

    @Test
    @DisplayName("Developer Guide, Update expressions (ADD): numbers add in decimal, 0.1 three times is exactly 0.3")
    void addIsDecimal() {
        for (int i = 0; i < 3; i++) {
            dynamo.updateItem(b -> b.tableName(table).key(item("pk", "sum")).updateExpression("ADD amount :d")
                    .expressionAttributeValues(values(":d", n("0.1"))));
        }

        assertEquals("0.3", get("sum").get("amount").n());
    }

    // ------------------------------------------------------------------ conditions and return values

    @Test
    @DisplayName("API Reference, PutItem ConditionExpression: attribute_not_exists guards against overwrite")
    void conditionalPut() {
        Consumer<PutItemRequest.Builder> createOnly =
                b -> b.tableName(table).conditionExpression("attribute_not_exists(pk)");
        dynamo.putItem(b -> createOnly.accept(b.item(item("pk", "a", "v", 1))));

        assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> createOnly.accept(b.item(item("pk", "a", "v", 2)))));

        assertEquals(item("pk", "a", "v", 1), get("a"));
    }

    @Test
    @DisplayName("API Reference, PutItem ReturnValues: ALL_OLD returns the replaced item, nothing for a new one")
    void putReturnsOldItem() {
        var first = dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 1))
                .returnValues(ReturnValue.ALL_OLD));
        var second = dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 2))
                .returnValues(ReturnValue.ALL_OLD));

        assertTrue(first.attributes().isEmpty());
        assertEquals(item("pk", "a", "v", 1), second.attributes());
    }

    @Test
    @DisplayName("API Reference, PutItem ReturnValues: only NONE and ALL_OLD are valid")
    void putRefusesUpdatedNew() {
        validation(() -> dynamo.putItem(b -> b.tableName(table).item(item("pk", "a"))
                .returnValues(ReturnValue.ALL_NEW)));
        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "a"))).hasItem());
    }

    @Test
    @DisplayName("API Reference, DeleteItem: ConditionExpression false keeps the item; ALL_OLD returns it when "
            + "deleted")
    void conditionalDelete() {
        put(item("pk", "a", "v", 1));

        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.deleteItem(b -> b.tableName(table)
                .key(item("pk", "a")).conditionExpression("v = :v").expressionAttributeValues(values(":v", 2))));
        assertEquals(item("pk", "a", "v", 1), get("a"));

        var deleted = dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a"))
                .conditionExpression("v = :v").expressionAttributeValues(values(":v", 1))
                .returnValues(ReturnValue.ALL_OLD));
        assertEquals(item("pk", "a", "v", 1), deleted.attributes());
        assertTrue(get("a").isEmpty());

        var missing = dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a"))
                .returnValues(ReturnValue.ALL_OLD));
        assertTrue(missing.attributes().isEmpty(), "deleting a missing item succeeds with no attributes");
    }

    @Test
    @DisplayName("API Reference, UpdateItem: a failed condition on a missing item does not create it")
    void conditionalUpdateDoesNotUpsert() {
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(item("pk", "ghost")).updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(values(":v", 1))));

        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "ghost"))).hasItem());
    }

    @Test
    @DisplayName("API Reference, UpdateItem: updating a missing item creates it with its key")
    void updateUpserts() {
        var response = dynamo.updateItem(b -> b.tableName(table).key(item("pk", "new"))
                .updateExpression("SET v = :v").expressionAttributeValues(values(":v", "x"))
                .returnValues(ReturnValue.ALL_NEW));

        assertEquals(item("pk", "new", "v", "x"), response.attributes());
        assertEquals(item("pk", "new", "v", "x"), get("new"));
    }

    @ParameterizedTest(name = "ReturnValues={0}")
    @CsvSource({"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})
    @DisplayName("API Reference, UpdateItem ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW")
    void updateReturnValues(ReturnValue returnValue) {
        put(item("pk", "a", "x", 1, "y", "keep"));

        var response = dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a"))
                .updateExpression("SET x = :x, w = :w").expressionAttributeValues(values(":x", 2, ":w", "new"))
                .returnValues(returnValue));

        Map<String, AttributeValue> expected = switch (returnValue) {
            case NONE -> Map.of();
            case ALL_OLD -> item("pk", "a", "x", 1, "y", "keep");
            case UPDATED_OLD -> item("x", 1);
            case ALL_NEW -> item("pk", "a", "x", 2, "y", "keep", "w", "new");
            case UPDATED_NEW -> item("x", 2, "w", "new");
            default -> throw new IllegalArgumentException(returnValue.toString());
        };
        assertEquals(expected, response.attributes());
        assertEquals(item("pk", "a", "x", 2, "y", "keep", "w", "new"), get("a"));
    }

    @Test
    @DisplayName("API Reference, PutItem ReturnValuesOnConditionCheckFailure=ALL_OLD: the error carries the item")
    void conditionFailureReturnsItemOnPut() {
        put(item("pk", "a", "v", 1));

        ConditionalCheckFailedException error = assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 2))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertEquals(item("pk", "a", "v", 1), error.item());
        assertEquals(item("pk", "a", "v", 1), get("a"));
    }

    @Test
    @DisplayName("API Reference, UpdateItem/DeleteItem ReturnValuesOnConditionCheckFailure: ALL_OLD item, NONE none")
    void conditionFailureReturnsItemOnUpdateAndDelete() {
        put(item("pk", "a", "v", 1));

        ConditionalCheckFailedException update = assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :two")
                        .conditionExpression("v = :two").expressionAttributeValues(values(":two", 2))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException delete = assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a"))
                        .conditionExpression("attribute_not_exists(v)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException plain = assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a"))
                        .conditionExpression("attribute_not_exists(v)")));

        assertEquals(item("pk", "a", "v", 1), update.item());
        assertEquals(item("pk", "a", "v", 1), delete.item());
        assertFalse(plain.hasItem() && !plain.item().isEmpty(), "no item without ALL_OLD");
        assertEquals(item("pk", "a", "v", 1), get("a"));
    }

    @Test
    @DisplayName("Developer Guide, Projection expressions: nested map paths and list elements")
    void getItemProjectsNestedPaths() {
        put(item("pk", "doc", "a", m("b", m("c", n(1), "d", n(2)), "e", n(3)), "elems", l(n(10), n(20), n(30)),
                "name", "x", "unrelated", "y"));

        Map<String, AttributeValue> projected = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(item("pk", "doc")).projectionExpression("a.b.c, elems[1], #n, absent")
                .expressionAttributeNames(Map.of("#n", "name")).build()).item();

        assertEquals(item("a", m("b", m("c", n(1))), "elems", l(n(20)), "name", "x"), projected);
    }

    // ------------------------------------------------------------------ key validation

    @Test
    @DisplayName("API Reference, GetItem Key: a key missing its attribute, of the wrong type, or with an extra "
            + "attribute is a ValidationException")
    void getItemKeyValidation() {
        String sorted = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("items-sorted"),
                ScalarAttributeType.N);

        validation(() -> dynamo.getItem(b -> b.tableName(sorted).key(item("pk", "a"))));
        validation(() -> dynamo.getItem(b -> b.tableName(sorted).key(item("pk", "a", "sk", "1"))));
        validation(() -> dynamo.getItem(b -> b.tableName(sorted).key(item("pk", "a", "sk", 1, "other", 2))));
        validation(() -> dynamo.getItem(b -> b.tableName(table).key(item("pk", 1))));
    }

    @Test
    @DisplayName("API Reference, PutItem Item: the item must hold every key attribute with the schema's type; "
            + "nothing is written on refusal")
    void putItemKeyValidation() {
        String sorted = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("items-sorted"),
                ScalarAttributeType.N);

        validation(() -> dynamo.putItem(b -> b.tableName(sorted).item(item("pk", "a", "v", 1))));
        validation(() -> dynamo.putItem(b -> b.tableName(sorted).item(item("pk", "a", "sk", "1"))));
        validation(() -> dynamo.putItem(b -> b.tableName(sorted).item(item("pk", n(1), "sk", 1))));

        assertEquals(0, dynamo.scan(b -> b.tableName(sorted)).count());
    }

    @Test
    @DisplayName("Developer Guide, Supported data types (String): a key attribute cannot be an empty string")
    void emptyStringKeyRefused() {
        DynamoDbException error = validation(() -> put(item("pk", "", "v", 1)));
        validation(() -> dynamo.getItem(b -> b.tableName(table).key(item("pk", ""))));

        assertTrue(error.awsErrorDetails().errorMessage().contains("empty string"), error.getMessage());
        assertEquals(0, dynamo.scan(b -> b.tableName(table)).count());
    }

    @Test
    @DisplayName("Developer Guide, Supported data types: empty strings are allowed in non-key attributes")
    void emptyStringNonKeyAccepted() {
        put(item("pk", "a", "empty", ""));

        assertEquals("", get("a").get("empty").s());
    }

    // ------------------------------------------------------------------ size limit

    @Test
    @DisplayName("Developer Guide, Item sizes: an item over 400 KB is refused and nothing is written")
    void itemOverLimitRefused() {
        // size = names ("pk", "d") + values ("big", the padding) in UTF-8 bytes
        String padding = "x".repeat(MAX_ITEM_BYTES - "pk".length() - "big".length() - "d".length() + 1);

        DynamoDbException error = validation(() -> put(item("pk", "big", "d", padding)));

        assertTrue(error.awsErrorDetails().errorMessage().contains("Item size has exceeded the maximum allowed size"),
                error.getMessage());
        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "big"))).hasItem());
    }

    @Test
    @DisplayName("Developer Guide, Item sizes: an item just under 400 KB is accepted")
    void itemUnderLimitAccepted() {
        String padding = "x".repeat(MAX_ITEM_BYTES - "pk".length() - "big".length() - "d".length() - 16);

        put(item("pk", "big", "d", padding));

        assertEquals(padding.length(), get("big").get("d").s().length());
    }

    @Test
    @DisplayName("Developer Guide, Item sizes: an update growing an item past 400 KB is refused, item unchanged")
    void updateOverLimitRefused() {
        String half = "x".repeat(MAX_ITEM_BYTES / 2);
        put(item("pk", "grow", "one", half));

        validation(() -> dynamo.updateItem(b -> b.tableName(table).key(item("pk", "grow"))
                .updateExpression("SET two = :v, three = :v").expressionAttributeValues(values(":v", half))));

        assertEquals(Set.of("pk", "one"), get("grow").keySet());
    }
    // ------------------------------------------------------------------ more validation

    @Test
    @DisplayName("Developer Guide, Supported data types (Number): number keys compare by value, 1.0 and 1 are one "
            + "item")
    void numberKeysCompareByValue() {
        String numbered = Fixtures.createTable(dynamo, Target.uniqueTableName("items-numkey"), b -> b
                .keySchema(Fixtures.hash("id")).attributeDefinitions(Fixtures.attribute("id", ScalarAttributeType.N)));
        dynamo.putItem(b -> b.tableName(numbered).item(item("id", n("1.0"), "v", 1)));
        dynamo.putItem(b -> b.tableName(numbered).item(item("id", n("01"), "v", 2)));

        assertEquals(item("id", n("1"), "v", 2), dynamo.getItem(b -> b.tableName(numbered)
                .key(item("id", n("1.00")))).item());
        assertEquals(1, dynamo.scan(b -> b.tableName(numbered)).count());
    }

    @Test
    @DisplayName("Developer Guide, Service quotas (Partition key value): at most 2048 bytes")
    void partitionKeyLengthLimit() {
        put(item("pk", "k".repeat(2048)));
        validation(() -> put(item("pk", "k".repeat(2049))));

        assertEquals(1, dynamo.scan(b -> b.tableName(table)).count());
    }

    @Test
    @DisplayName("Developer Guide, Service quotas (Sort key value): at most 1024 bytes")
    void sortKeyLengthLimit() {
        String sorted = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("items-sklen"),
                ScalarAttributeType.S);

        dynamo.putItem(b -> b.tableName(sorted).item(item("pk", "a", "sk", "s".repeat(1024))));
        validation(() -> dynamo.putItem(b -> b.tableName(sorted).item(item("pk", "a", "sk", "s".repeat(1025)))));

        assertEquals(1, dynamo.scan(b -> b.tableName(sorted)).count());
    }

    @Test
    @DisplayName("Developer Guide, Supported data types (Binary): a binary key attribute cannot be empty")
    void emptyBinaryKeyRefused() {
        String binary = Fixtures.createPkSkTable(dynamo, Target.uniqueTableName("items-binkey"),
                ScalarAttributeType.B);

        validation(() -> dynamo.putItem(b -> b.tableName(binary).item(item("pk", "a", "sk", b()))));

        assertEquals(0, dynamo.scan(b -> b.tableName(binary)).count());
    }

    @Test
    @DisplayName("Developer Guide, Supported data types (Sets): a set cannot be empty nor hold duplicates")
    void invalidSetsRefused() {
        validation(() -> put(item("pk", "a", "set", AttributeValue.fromSs(List.of()))));
        validation(() -> put(item("pk", "a", "set", ss("x", "x"))));
        validation(() -> put(item("pk", "a", "set", ns("1", "1"))));

        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "a"))).hasItem());
    }

    @Test
    @DisplayName("API Reference, AttributeValue (NULL): the NULL type only takes the value true")
    void nullFalseRefused() {
        validation(() -> put(item("pk", "a", "nothing", AttributeValue.fromNul(false))));

        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "a"))).hasItem());
    }

    @Test
    @DisplayName("Developer Guide, Expression attribute values: an unused value is a ValidationException")
    void unusedExpressionValueRefused() {
        validation(() -> dynamo.putItem(b -> b.tableName(table).item(item("pk", "a"))
                .conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(values(":unused", 1))));

        assertFalse(dynamo.getItem(b -> b.tableName(table).key(item("pk", "a"))).hasItem());
    }

    @Test
    @DisplayName("API Reference, DeleteItem ReturnValues: only NONE and ALL_OLD are valid")
    void deleteRefusesAllNew() {
        put(item("pk", "a"));

        validation(() -> dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a"))
                .returnValues(ReturnValue.ALL_NEW)));

        assertEquals(item("pk", "a"), get("a"));
    }

    @Test
    @DisplayName("API Reference, UpdateItem: a key attribute cannot be updated")
    void updateOfKeyAttributeRefused() {
        put(item("pk", "a", "v", 1));

        validation(() -> dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a"))
                .updateExpression("SET pk = :k, v = :v").expressionAttributeValues(values(":k", "b", ":v", 2))));

        assertEquals(item("pk", "a", "v", 1), get("a"));
    }

    @Test
    @DisplayName("API Reference, UpdateItem ReturnValues: UPDATED_OLD/UPDATED_NEW of a nested path return only that "
            + "path")
    void updatedValuesOfNestedPath() {
        put(item("pk", "a", "doc", m("leaf", n(1), "kept", s("k")), "top", "t"));

        var old = dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a"))
                .updateExpression("SET doc.leaf = :v").expressionAttributeValues(values(":v", 2))
                .returnValues(ReturnValue.UPDATED_OLD)).attributes();
        var fresh = dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a"))
                .updateExpression("SET doc.leaf = :v").expressionAttributeValues(values(":v", 3))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();

        assertEquals(item("doc", m("leaf", n(1))), old);
        assertEquals(item("doc", m("leaf", n(3))), fresh);
    }

    @Test
    @DisplayName("API Reference, PutItem: a global secondary index key of the wrong type is a ValidationException")
    void indexKeyTypeChecked() {
        String indexed = Fixtures.createTable(dynamo, Target.uniqueTableName("items-gsi-type"), b -> b
                .keySchema(Fixtures.hash("pk"))
                .attributeDefinitions(Fixtures.attribute("pk", ScalarAttributeType.S),
                        Fixtures.attribute("g", ScalarAttributeType.N))
                .globalSecondaryIndexes(i -> i.indexName("by-g").keySchema(Fixtures.hash("g"))
                        .projection(Fixtures.projection(
                                ProjectionType.ALL))));

        validation(() -> dynamo.putItem(b -> b.tableName(indexed).item(item("pk", "a", "g", "not a number"))));

        assertEquals(0, dynamo.scan(b -> b.tableName(indexed)).count());
    }
}
