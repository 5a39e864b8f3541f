// callhook's DynamoDB client against the AWS SDK's: for the same request both send the same JSON body (compared as
// JSON trees, so field order and whitespace do not count), the same X-Amz-Target and the same Content-Type.
package io.callhook.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.testing.CapturingSdkHttpClient;
import io.callhook.testing.CapturingTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;

class WireEquivalenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TABLE = "Calls";
    private static final String TOKEN = "3f1c2b7e-6a7d-4c1e-9a52-0d2c5e8b9f10";

    /** One value of every type, lists and maps nested two deep. */
    private static final Map<String, AttributeValue> EVERY_TYPE = everyType();

    private static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":s", AttributeValue.fromS("Emma Taylor \u00e4\u20ac \"quoted\""));
        values.put(":n", AttributeValue.fromN("-12.50"));
        values.put(":b", AttributeValue.fromB(new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}));
        values.put(":ss", AttributeValue.fromSs(List.of("a", "b", "c")));
        values.put(":ns", AttributeValue.fromNs(List.of("1", "2.5", "-3")));
        values.put(":bs", AttributeValue.fromBs(List.of(new byte[] {1}, new byte[] {2, 3}, new byte[0])));
        values.put(":m", AttributeValue.fromM(Map.of(
                "inner", AttributeValue.fromM(Map.of("deep", AttributeValue.fromN("7"))),
                "list", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromBool(true))),
                "nothing", AttributeValue.fromNul(true))));
        values.put(":l", AttributeValue.fromL(List.of(
                AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromSs(List.of("y")))),
                AttributeValue.fromM(Map.of("k", AttributeValue.fromB(new byte[] {9}))),
                AttributeValue.fromS(""))));
        values.put(":null", AttributeValue.fromNul(true));
        values.put(":bool", AttributeValue.fromBool(false));
        return values;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void updateItemWithEveryAttributeTypeConditionNamesAndReturnValues() {
        String update = "SET " + EVERY_TYPE.keySet().stream().map(v -> "#" + v.substring(1) + " = " + v)
                .collect(Collectors.joining(", "));
        Map<String, String> names = EVERY_TYPE.keySet().stream()
                .collect(Collectors.toMap(v -> "#" + v.substring(1), v -> "attr_" + v.substring(1)));
        Map<String, AttributeValue> values = new LinkedHashMap<>(EVERY_TYPE);
        values.put(":expected", AttributeValue.fromN("3"));
        String condition = "attribute_exists(pk) AND #n < :expected";

        assertSameWire(
                sdk -> sdk.updateItem(r -> r.tableName(TABLE).key(sdk(key("call#1", "meta"))).updateExpression(update)
                        .conditionExpression(condition).expressionAttributeNames(names)
                        .expressionAttributeValues(sdk(values))
                        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(software.amazon.awssdk.services.dynamodb.model
                                .ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                ours -> ours.updateItem(r -> r.tableName(TABLE).key(key("call#1", "meta")).updateExpression(update)
                        .conditionExpression(condition).expressionAttributeNames(names)
                        .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                "UpdateItem");
    }

    @Test
    void getItemWithConsistentReadAndProjection() {
        assertSameWire(
                sdk -> sdk.getItem(r -> r.tableName(TABLE).key(sdk(key("call#1", "meta"))).consistentRead(true)
                        .projectionExpression("#s, users, ringingAt").expressionAttributeNames(Map.of("#s", "state"))),
                ours -> ours.getItem(r -> r.tableName(TABLE).key(key("call#1", "meta")).consistentRead(true)
                        .projectionExpression("#s, users, ringingAt").expressionAttributeNames(Map.of("#s", "state"))),
                "GetItem");
    }

    @Test
    void queryOnAnIndexWithFilterLimitStartKeyBackwardsAndCount() {
        Map<String, AttributeValue> values = Map.of(":line", AttributeValue.fromS("+4930111"),
                ":from", AttributeValue.fromS("2026-11-01"), ":missed", AttributeValue.fromBool(true));
        Map<String, AttributeValue> start = Map.of("pk", AttributeValue.fromS("call#9"),
                "line", AttributeValue.fromS("+4930111"), "startedAt", AttributeValue.fromS("2026-11-20T10:00:00Z"));
        assertSameWire(
                sdk -> sdk.query(r -> r.tableName(TABLE).indexName("byLine")
                        .keyConditionExpression("line = :line AND startedAt >= :from")
                        .filterExpression("#m = :missed").expressionAttributeNames(Map.of("#m", "missed"))
                        .expressionAttributeValues(sdk(values)).limit(25).exclusiveStartKey(sdk(start))
                        .scanIndexForward(false).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)),
                ours -> ours.query(r -> r.tableName(TABLE).indexName("byLine")
                        .keyConditionExpression("line = :line AND startedAt >= :from")
                        .filterExpression("#m = :missed").expressionAttributeNames(Map.of("#m", "missed"))
                        .expressionAttributeValues(values).limit(25).exclusiveStartKey(start)
                        .scanIndexForward(false).select(Select.COUNT)),
                "Query");
    }

    @Test
    void queryWithProjectionAndConsistentRead() {
        Map<String, AttributeValue> values = Map.of(":pk", AttributeValue.fromS("tenant#a"));
        assertSameWire(
                sdk -> sdk.query(r -> r.tableName(TABLE).keyConditionExpression("pk = :pk")
                        .projectionExpression("pk, sk").expressionAttributeValues(sdk(values)).consistentRead(true)
                        .scanIndexForward(true)),
                ours -> ours.query(r -> r.tableName(TABLE).keyConditionExpression("pk = :pk")
                        .projectionExpression("pk, sk").expressionAttributeValues(values).consistentRead(true)
                        .scanIndexForward(true)),
                "Query");
    }

    @Test
    void scanWithFilterProjectionLimitAndStartKey() {
        Map<String, AttributeValue> values = Map.of(":t", AttributeValue.fromN("1764000000"));
        assertSameWire(
                sdk -> sdk.scan(r -> r.tableName(TABLE).indexName("byExpiry").filterExpression("#t < :t")
                        .projectionExpression("pk, #t").expressionAttributeNames(Map.of("#t", "ttl"))
                        .expressionAttributeValues(sdk(values)).limit(100).exclusiveStartKey(sdk(key("a", "b")))
                        .consistentRead(false)
                        .select(software.amazon.awssdk.services.dynamodb.model.Select.SPECIFIC_ATTRIBUTES)),
                ours -> ours.scan(r -> r.tableName(TABLE).indexName("byExpiry").filterExpression("#t < :t")
                        .projectionExpression("pk, #t").expressionAttributeNames(Map.of("#t", "ttl"))
                        .expressionAttributeValues(values).limit(100).exclusiveStartKey(key("a", "b"))
                        .consistentRead(false).select(Select.SPECIFIC_ATTRIBUTES)),
                "Scan");
    }

    @Test
    void putItemWithACondition() {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key("call#2", "meta"));
        EVERY_TYPE.forEach((name, value) -> item.put(name.substring(1), value));
        Map<String, AttributeValue> values = Map.of(":v", AttributeValue.fromN("4"));
        assertSameWire(
                sdk -> sdk.putItem(r -> r.tableName(TABLE).item(sdk(item))
                        .conditionExpression("attribute_not_exists(pk) OR #v < :v")
                        .expressionAttributeNames(Map.of("#v", "version")).expressionAttributeValues(sdk(values))),
                ours -> ours.putItem(r -> r.tableName(TABLE).item(item)
                        .conditionExpression("attribute_not_exists(pk) OR #v < :v")
                        .expressionAttributeNames(Map.of("#v", "version")).expressionAttributeValues(values)),
                "PutItem");
    }

    @Test
    void transactWriteItemsWithPutUpdateDeleteAndConditionCheck() {
        Map<String, AttributeValue> one = Map.of(":one", AttributeValue.fromN("1"));
        Map<String, AttributeValue> next = Map.of(":next", AttributeValue.fromSs(List.of("call#4")));
        var onFailure = software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD;
        assertSameWire(
                sdk -> sdk.transactWriteItems(r -> r.clientRequestToken(TOKEN).transactItems(
                        t -> t.put(p -> p.tableName(TABLE).item(sdk(EVERY_TYPE.entrySet().stream().collect(
                                        Collectors.toMap(e -> e.getKey().substring(1), Map.Entry::getValue))))
                                .conditionExpression("attribute_not_exists(pk)")),
                        t -> t.update(u -> u.tableName(TABLE).key(sdk(key("call#3", "meta")))
                                .updateExpression("ADD #n :next").conditionExpression("attribute_exists(pk)")
                                .expressionAttributeNames(Map.of("#n", "nextCallIds"))
                                .expressionAttributeValues(sdk(next)).returnValuesOnConditionCheckFailure(onFailure)),
                        t -> t.delete(d -> d.tableName(TABLE).key(sdk(key("call#5", "meta")))
                                .conditionExpression("version = :one").expressionAttributeValues(sdk(one))),
                        t -> t.conditionCheck(c -> c.tableName("Tenants").key(sdk(key("tenant#a", "meta")))
                                .conditionExpression("attribute_exists(pk)")
                                .returnValuesOnConditionCheckFailure(onFailure)))),
                ours -> ours.transactWriteItems(r -> r.clientRequestToken(TOKEN).transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(EVERY_TYPE.entrySet().stream()
                                        .collect(Collectors.toMap(e -> e.getKey().substring(1), Map.Entry::getValue)))
                                .conditionExpression("attribute_not_exists(pk)")).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("call#3", "meta"))
                                .updateExpression("ADD #n :next").conditionExpression("attribute_exists(pk)")
                                .expressionAttributeNames(Map.of("#n", "nextCallIds"))
                                .expressionAttributeValues(next)
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build(),
                        TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key("call#5", "meta"))
                                .conditionExpression("version = :one").expressionAttributeValues(one)).build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("Tenants")
                                .key(key("tenant#a", "meta")).conditionExpression("attribute_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build())),
                "TransactWriteItems");
    }

    @Test
    void aTransactionWithoutATokenGetsAFreshOneAsTheSdkGivesIt() {
        CapturingSdkHttpClient sdkHttp = new CapturingSdkHttpClient();
        CapturingTransport ourHttp = CapturingTransport.answering("{}");
        try (var sdk = sdkClient(sdkHttp)) {
            sdk.transactWriteItems(r -> r.transactItems(t -> t.delete(d -> d.tableName(TABLE)
                    .key(sdk(key("a", "b"))))));
        }
        DynamoDbJsonClient ours = ourClient(ourHttp);
        ours.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .delete(d -> d.tableName(TABLE).key(key("a", "b"))).build()));
        ours.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .delete(d -> d.tableName(TABLE).key(key("a", "b"))).build()));

        String sdkToken = tree(sdkHttp.only().body()).path("ClientRequestToken").asText();
        List<String> ourTokens = ourHttp.requests().stream()
                .map(request -> tree(request.body()).path("ClientRequestToken").asText()).toList();
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        assertTrue(sdkToken.matches(uuid), sdkToken);
        assertTrue(ourTokens.get(0).matches(uuid), ourTokens.toString());
        assertTrue(ourTokens.get(1).matches(uuid), ourTokens.toString());
        assertTrue(!ourTokens.get(0).equals(ourTokens.get(1)), "each transaction gets its own token");
    }

    // ---- the two clients, each on an HTTP stub that records what it would send

    private static void assertSameWire(Consumer<software.amazon.awssdk.services.dynamodb.DynamoDbClient> sdkCall,
                                       Consumer<DynamoDbJsonClient> ourCall, String operation) {
        CapturingSdkHttpClient sdkHttp = new CapturingSdkHttpClient();
        try (var sdk = sdkClient(sdkHttp)) {
            sdkCall.accept(sdk);
        }
        CapturingTransport ourHttp = CapturingTransport.answering("{}");
        ourCall.accept(ourClient(ourHttp));

        CapturingSdkHttpClient.Captured theirs = sdkHttp.only();
        CapturingTransport.Request mine = ourHttp.only();
        assertEquals(tree(theirs.body()), tree(mine.body()), () -> "SDK: "
                + new String(theirs.body(), StandardCharsets.UTF_8) + "\ncallhook: " + mine.bodyText());
        assertEquals("DynamoDB_20120810." + operation, theirs.header("X-Amz-Target"));
        assertEquals(theirs.header("X-Amz-Target"), mine.header("X-Amz-Target"));
        assertNotNull(theirs.header("Content-Type"));
        assertEquals(theirs.header("Content-Type"), mine.header("Content-Type"));
    }

    private static software.amazon.awssdk.services.dynamodb.DynamoDbClient sdkClient(CapturingSdkHttpClient http) {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:8000"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private static DynamoDbJsonClient ourClient(CapturingTransport http) {
        return AwsClients.dynamoDb(Environment.of(Map.of(AwsClients.DYNAMODB_ENDPOINT, "http://127.0.0.1:8000",
                AwsClients.REGION, "us-east-1")), http);
    }

    private static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    // ---- callhook's attribute values as the SDK's

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk(
            Map<String, AttributeValue> item) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, sdk(value)));
        return converted;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(AttributeValue value) {
        var builder = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        switch (value.type()) {
            case S -> builder.s(value.s());
            case N -> builder.n(value.n());
            case B -> builder.b(SdkBytes.fromByteArray(value.b()));
            case SS -> builder.ss(value.ss());
            case NS -> builder.ns(value.ns());
            case BS -> builder.bs(value.bs().stream().map(SdkBytes::fromByteArray).toList());
            case M -> builder.m(sdk(value.m()));
            case L -> builder.l(value.l().stream().map(WireEquivalenceTest::sdk).toList());
            case NULL -> builder.nul(value.nul());
            case BOOL -> builder.bool(value.bool());
            default -> throw new IllegalArgumentException(value.type().name());
        }
        return builder.build();
    }
}
