package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.attribute;
import static io.callhook.engine.conformance.Fixtures.hash;
import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.projection;
import static io.callhook.engine.conformance.Fixtures.range;
import static io.callhook.engine.conformance.Fixtures.strings;
import static io.callhook.engine.conformance.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Table control plane: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable and Time to Live settings,
 * checked against the DynamoDB API Reference.
 */
class TablesConformanceTest {

    private final DynamoDbClient dynamo = target().dynamo();

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    @Test
    @DisplayName("API Reference, CreateTable/DescribeTable: key schema, attribute definitions, on-demand billing")
    void createTableDescribesKeySchemaAndBilling() {
        String name = Target.uniqueTableName("tables-create");
        Fixtures.createPkSkTable(dynamo, name, ScalarAttributeType.N);

        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        assertEquals(name, table.tableName());
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals(List.of(hash("pk"), range("sk")), table.keySchema());
        assertEquals(Map.of("pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N), table.attributeDefinitions()
                .stream().collect(Collectors.toMap(AttributeDefinition::attributeName,
                        AttributeDefinition::attributeType)));
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        assertEquals(0L, table.itemCount());
        assertNotNull(table.tableArn());
        assertTrue(table.tableArn().endsWith(":table/" + name), table.tableArn());
        assertNotNull(table.creationDateTime());
    }

    @Test
    @DisplayName("API Reference, CreateTable: PROVISIONED billing reports its ProvisionedThroughput")
    void createProvisionedTable() {
        String name = Target.uniqueTableName("tables-provisioned");
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .keySchema(hash("pk")).attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(3L)));
        Fixtures.awaitActive(dynamo, name);

        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        assertEquals(5L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(3L, table.provisionedThroughput().writeCapacityUnits());
        assertTrue(table.billingModeSummary() == null
                || table.billingModeSummary().billingMode() == BillingMode.PROVISIONED);
    }

    @Test
    @DisplayName("Developer Guide, Improving data access with secondary indexes: GSI and LSI with ALL, KEYS_ONLY, "
            + "INCLUDE projections")
    void createTableWithIndexes() {
        String name = Target.uniqueTableName("tables-indexes");
        Fixtures.createTable(dynamo, name, b -> b
                .keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                        attribute("g", ScalarAttributeType.S), attribute("l", ScalarAttributeType.N))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("gsi-all").keySchema(hash("g"), range("sk"))
                                .projection(projection(ProjectionType.ALL)).build(),
                        GlobalSecondaryIndex.builder().indexName("gsi-keys").keySchema(hash("g"))
                                .projection(projection(ProjectionType.KEYS_ONLY)).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("lsi-include")
                        .keySchema(hash("pk"), range("l"))
                        .projection(projection(ProjectionType.INCLUDE, "extra")).build()));

        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        Map<String, GlobalSecondaryIndexDescription> globals = table.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName, Function.identity()));
        assertEquals(ProjectionType.ALL, globals.get("gsi-all").projection().projectionType());
        assertEquals(List.of(hash("g"), range("sk")), globals.get("gsi-all").keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, globals.get("gsi-keys").projection().projectionType());
        assertEquals(List.of(hash("g")), globals.get("gsi-keys").keySchema());
        assertTrue(globals.get("gsi-all").indexArn().endsWith(":table/" + name + "/index/gsi-all"));

        assertEquals(1, table.localSecondaryIndexes().size());
        LocalSecondaryIndexDescription local = table.localSecondaryIndexes().get(0);
        assertEquals("lsi-include", local.indexName());
        assertEquals(List.of(hash("pk"), range("l")), local.keySchema());
        assertEquals(ProjectionType.INCLUDE, local.projection().projectionType());
        assertEquals(List.of("extra"), local.projection().nonKeyAttributes());
    }

    @Test
    @DisplayName("API Reference, CreateTable: StreamSpecification gives LatestStreamArn and LatestStreamLabel")
    void createTableWithStream() {
        String name = Target.uniqueTableName("tables-stream");
        Fixtures.createTable(dynamo, name, b -> b.keySchema(hash("pk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));

        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        assertTrue(table.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, table.streamSpecification().streamViewType());
        assertNotNull(table.latestStreamLabel());
        assertTrue(table.latestStreamArn().contains(":table/" + name + "/stream/"), table.latestStreamArn());
    }

    @Test
    @DisplayName("API Reference, CreateTable: an attribute definition not used by any key is a ValidationException")
    void createTableRefusesUnusedAttributeDefinition() {
        String name = Target.uniqueTableName("tables-unused");
        DynamoDbException error = assertThrows(DynamoDbException.class,
                () -> dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(hash("pk"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                                attribute("other", ScalarAttributeType.S))));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
    }

    @Test
    @DisplayName("API Reference, CreateTable Errors: ResourceInUseException for an existing table name")
    void duplicateTableIsResourceInUse() {
        String name = Target.uniqueTableName("tables-duplicate");
        Fixtures.createPkTable(dynamo, name);

        assertThrows(ResourceInUseException.class, () -> Fixtures.createPkTable(dynamo, name));
    }

    @Test
    @DisplayName("API Reference, DescribeTable/DeleteTable/PutItem Errors: ResourceNotFoundException for a missing "
            + "table")
    void missingTableIsResourceNotFound() {
        String name = Target.uniqueTableName("tables-missing");

        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
        assertThrows(ResourceNotFoundException.class, () -> dynamo.deleteTable(b -> b.tableName(name)));
        assertThrows(ResourceNotFoundException.class,
                () -> dynamo.putItem(b -> b.tableName(name).item(item("pk", "a"))));
        assertThrows(ResourceNotFoundException.class,
                () -> dynamo.getItem(b -> b.tableName(name).key(item("pk", "a"))));
    }

    @Test
    @DisplayName("API Reference, DeleteTable: the table and its items are gone")
    void deleteTable() {
        String name = Target.uniqueTableName("tables-delete");
        Fixtures.createPkTable(dynamo, name);
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "a")));

        TableDescription deleted = dynamo.deleteTable(b -> b.tableName(name)).tableDescription();
        dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(name));

        assertEquals(name, deleted.tableName());
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
        assertFalse(allTableNames(100).contains(name));
    }

    @Test
    @DisplayName("API Reference, ListTables: Limit and ExclusiveStartTableName page through names in order, "
            + "each once")
    void listTablesPaging() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(Fixtures.createPkTable(dynamo, Target.uniqueTableName("tables-list")));
        }

        List<String> all = allTableNames(2);

        for (String name : mine) {
            assertEquals(1, all.stream().filter(name::equals).count(), name);
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(String::compareTo);
        assertEquals(sorted, all, "ListTables returns names in ascending order");
    }

    /** Every table name, paging with the given Limit; checks each page respects it. */
    private List<String> allTableNames(int limit) {
        List<String> names = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListTablesResponse page = dynamo.listTables(b -> b.limit(limit).exclusiveStartTableName(from));
            assertTrue(page.tableNames().size() <= limit, "page larger than Limit: " + page.tableNames());
            names.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        return names;
    }

    @Test
    @DisplayName("API Reference, UpdateTable GlobalSecondaryIndexUpdates: a new GSI is backfilled from existing "
            + "items and queryable")
    void updateTableAddsBackfilledIndex() {
        String name = Target.uniqueTableName("tables-add-gsi");
        Fixtures.createPkTable(dynamo, name);
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "1", "colour", "red", "size", 1)));
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "2", "colour", "blue", "size", 2)));
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "3", "colour", "red", "size", 3)));
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "4", "size", 4)));

        dynamo.updateTable(b -> b.tableName(name)
                .attributeDefinitions(attribute("colour", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("by-colour")
                        .keySchema(KeySchemaElement.builder().attributeName("colour").keyType(KeyType.HASH).build())
                        .projection(projection(ProjectionType.ALL)))));
        Fixtures.awaitActive(dynamo, name);

        var red = dynamo.query(b -> b.tableName(name).indexName("by-colour")
                .keyConditionExpression("colour = :c").expressionAttributeValues(values(":c", "red"))).items();
        assertEquals(List.of("1", "3"), strings(red, "pk").stream().sorted().toList());
        assertTrue(red.stream().allMatch(i -> i.containsKey("size")), "ALL projection carries every attribute");
        var described = dynamo.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes();
        assertEquals(List.of("by-colour"), described.stream().map(GlobalSecondaryIndexDescription::indexName)
                .toList());
    }

    @Test
    @DisplayName("API Reference, UpdateTimeToLive/DescribeTimeToLive: enabling and disabling TTL on an attribute")
    void timeToLiveSettings() {
        String name = Target.uniqueTableName("tables-ttl");
        Fixtures.createPkTable(dynamo, name);

        assertEquals(TimeToLiveStatus.DISABLED,
                dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().timeToLiveStatus());

        var enabled = dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires"))).timeToLiveSpecification();
        assertTrue(enabled.enabled());
        assertEquals("expires", enabled.attributeName());

        TimeToLiveDescription described = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        assertTrue(described.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || described.timeToLiveStatus() == TimeToLiveStatus.ENABLING, described.toString());
        assertEquals("expires", described.attributeName());
    }

    @Test
    @DisplayName("API Reference, DescribeTimeToLive Errors: ResourceNotFoundException for a missing table")
    void timeToLiveOnMissingTable() {
        String name = Target.uniqueTableName("tables-ttl-missing");
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTimeToLive(b -> b.tableName(name)));
    }
    @Test
    @DisplayName("API Reference, ListTables Limit: must be between 1 and 100")
    void listTablesLimitRange() {
        DynamoDbException zero = assertThrows(DynamoDbException.class, () -> dynamo.listTables(b -> b.limit(0)));
        DynamoDbException tooMany = assertThrows(DynamoDbException.class,
                () -> dynamo.listTables(b -> b.limit(101)));

        assertEquals("ValidationException", zero.awsErrorDetails().errorCode());
        assertEquals("ValidationException", tooMany.awsErrorDetails().errorCode());
    }

    @Test
    @DisplayName("API Reference, UpdateTable GlobalSecondaryIndexUpdates Delete: the index is gone and cannot be "
            + "queried")
    void updateTableDeletesIndex() {
        String name = Target.uniqueTableName("tables-drop-gsi");
        Fixtures.createTable(dynamo, name, b -> b.keySchema(hash("pk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(hash("g"))
                        .projection(projection(ProjectionType.ALL)).build()));
        dynamo.putItem(b -> b.tableName(name).item(item("pk", "1", "g", "x")));

        dynamo.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.delete(d -> d
                .indexName("by-g"))));
        Fixtures.awaitActive(dynamo, name);

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.query(b -> b.tableName(name)
                .indexName("by-g").keyConditionExpression("g = :g").expressionAttributeValues(values(":g", "x"))));
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertEquals(item("pk", "1", "g", "x"), dynamo.getItem(b -> b.tableName(name).key(item("pk", "1"))).item());
    }

    @Test
    @DisplayName("API Reference, CreateTable: a GSI key attribute without an attribute definition is refused")
    void indexKeyNeedsAttributeDefinition() {
        String name = Target.uniqueTableName("tables-gsi-undefined");

        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.createTable(b -> b
                .tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(hash("g"))
                        .projection(projection(ProjectionType.ALL)).build())));

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
    }
}
