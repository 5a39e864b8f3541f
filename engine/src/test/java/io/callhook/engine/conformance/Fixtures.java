package io.callhook.engine.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Small builders shared by the conformance tests: attribute values, items, key schemas and tables. */
final class Fixtures {

    private Fixtures() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(Object value) {
        return AttributeValue.fromN(String.valueOf(value));
    }

    static AttributeValue b(byte... value) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }

    static AttributeValue l(AttributeValue... values) {
        return AttributeValue.fromL(Arrays.asList(values));
    }

    static AttributeValue m(Object... namesAndValues) {
        return AttributeValue.fromM(item(namesAndValues));
    }

    static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(Arrays.asList(values));
    }

    static AttributeValue ns(String... values) {
        return AttributeValue.fromNs(Arrays.asList(values));
    }

    /** An item (or key) from alternating names and values; a String value is an S, a Number an N. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            AttributeValue attribute;
            if (value instanceof AttributeValue given) {
                attribute = given;
            } else if (value instanceof String text) {
                attribute = s(text);
            } else if (value instanceof Number number) {
                attribute = n(number);
            } else {
                throw new IllegalArgumentException("unsupported value " + value);
            }
            item.put((String) namesAndValues[i], attribute);
        }
        return item;
    }

    /** A map of expression attribute values from alternating placeholders and values, as {@link #item}. */
    static Map<String, AttributeValue> values(Object... placeholdersAndValues) {
        return item(placeholdersAndValues);
    }

    static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    static Projection projection(ProjectionType type, String... nonKeyAttributes) {
        Projection.Builder builder = Projection.builder().projectionType(type);
        if (nonKeyAttributes.length > 0) {
            builder.nonKeyAttributes(nonKeyAttributes);
        }
        return builder.build();
    }

    /** Creates an on-demand table with the given request customisation and waits until it is ACTIVE. */
    static String createTable(DynamoDbClient dynamo, String name, Consumer<CreateTableRequest.Builder> spec) {
        CreateTableRequest.Builder builder = CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        spec.accept(builder);
        dynamo.createTable(builder.build());
        awaitActive(dynamo, name);
        return name;
    }

    /** A table with partition key {@code pk} (S) only. */
    static String createPkTable(DynamoDbClient dynamo, String name) {
        return createPkSkTable(dynamo, name, null);
    }

    /** A table with partition key {@code pk} (S) and, when sortType is not null, sort key {@code sk}. */
    static String createPkSkTable(DynamoDbClient dynamo, String name, ScalarAttributeType sortType) {
        return createTable(dynamo, name, b -> {
            if (sortType == null) {
                b.keySchema(hash("pk")).attributeDefinitions(attribute("pk", ScalarAttributeType.S));
            } else {
                b.keySchema(hash("pk"), range("sk")).attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("sk", sortType));
            }
        });
    }

    /**
     * Waits (through the SDK's own polling) until the table and all its global indexes are ACTIVE, so none is still
     * CREATING or DELETING.
     */
    static void awaitActive(DynamoDbClient dynamo, String table) {
        Waiter<DescribeTableResponse> waiter = Waiter.builder(DescribeTableResponse.class)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(Fixtures::active))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(response -> !active(response)))
                .overrideConfiguration(c -> c.maxAttempts(120))
                .build();
        waiter.run(() -> dynamo.describeTable(b -> b.tableName(table)));
    }

    private static boolean active(DescribeTableResponse response) {
        if (response.table().tableStatus() != TableStatus.ACTIVE) {
            return false;
        }
        for (GlobalSecondaryIndexDescription index : response.table().globalSecondaryIndexes()) {
            if (index.indexStatus() != IndexStatus.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    /** Every item of a query, following LastEvaluatedKey. */
    static List<Map<String, AttributeValue>> queryAll(DynamoDbClient dynamo, QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(request.toBuilder().exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Every item of a scan, following LastEvaluatedKey. */
    static List<Map<String, AttributeValue>> scanAll(DynamoDbClient dynamo, ScanRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(request.toBuilder().exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** The S values of one attribute over a list of items, in order. */
    static List<String> strings(List<Map<String, AttributeValue>> items, String attribute) {
        return items.stream().map(item -> item.get(attribute).s()).toList();
    }

    /** The N values of one attribute over a list of items, in order. */
    static List<String> numbers(List<Map<String, AttributeValue>> items, String attribute) {
        return items.stream().map(item -> item.get(attribute).n()).toList();
    }

    static void deleteTable(DynamoDbClient dynamo, String table) {
        dynamo.deleteTable(b -> b.tableName(table));
    }
}
