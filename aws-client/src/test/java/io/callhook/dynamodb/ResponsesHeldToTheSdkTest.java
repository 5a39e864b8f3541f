// The engine's answers to every operation callhook uses, read by callhook's DynamoDB client and by the AWS SDK's: both
// give the same values (items of every attribute type, pages and their keys, counts, returned attributes, and the
// refusals' codes, messages, old items and cancellation reasons). Each client writes to its own one of two tables
// that hold the same items, so each write meets the same state.
package io.callhook.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.CredentialsProvider;
import io.callhook.aws.UrlConnectionTransport;
import io.callhook.engine.Engine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ResponsesHeldToTheSdkTest {

    private static final String OURS = "responses-ours";
    private static final String THEIRS = "responses-sdk";

    private static Engine engine;
    private static DynamoDbJsonClient client;
    private static software.amazon.awssdk.services.dynamodb.DynamoDbClient sdk;

    @BeforeAll
    static void start() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
        URI endpoint = URI.create(engine.endpoint());
        client = new DynamoDbJsonClient(DynamoDbJsonClient.protocol().endpoint(endpoint).region("us-east-1")
                .credentials(CredentialsProvider.fixed("local", "local")).transport(UrlConnectionTransport.standard())
                .sleeper(delay -> { }).build());
        sdk = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        for (String table : List.of(OURS, THEIRS)) {
            sdk.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk"), attribute("sk"))
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        }
        for (String table : List.of(OURS, THEIRS)) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                sdk.putItem(r -> r.tableName(table).item(sdk(item("page", "item-" + n,
                        Map.of("n", AttributeValue.fromN(Integer.toString(n)))))));
            }
            sdk.putItem(r -> r.tableName(table).item(sdk(item("typed", "every-type", everyType()))));
            sdk.putItem(r -> r.tableName(table).item(sdk(item("call", "state",
                    Map.of("state", AttributeValue.fromS("ringing"), "version", AttributeValue.fromN("1"))))));
        }
    }

    @AfterAll
    static void stop() {
        sdk.close();
        engine.close();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put("s", AttributeValue.fromS("Emma \u00e4\u20ac \"quoted\" \ud83d\udcde"));
        values.put("n", AttributeValue.fromN("-12.50"));
        values.put("big", AttributeValue.fromN("123456789012345678901234567890.123"));
        values.put("b", AttributeValue.fromB(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
        values.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        values.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        values.put("bs", AttributeValue.fromBs(List.of(new byte[] {1}, new byte[] {2, 3})));
        values.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("deep",
                AttributeValue.fromN("7"))), "nothing", AttributeValue.fromNul(true))));
        values.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS(""), AttributeValue.fromBool(true),
                AttributeValue.fromL(List.of(AttributeValue.fromN("1"))))));
        values.put("null", AttributeValue.fromNul(true));
        values.put("bool", AttributeValue.fromBool(false));
        return values;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(pk, sk));
        item.putAll(attributes);
        return item;
    }

    // ---- conversions between the two clients' attribute values

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(AttributeValue value) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        return switch (value.type()) {
            case S -> sdk.s(value.s()).build();
            case N -> sdk.n(value.n()).build();
            case B -> sdk.b(SdkBytes.fromByteArray(value.b())).build();
            case SS -> sdk.ss(value.ss()).build();
            case NS -> sdk.ns(value.ns()).build();
            case BS -> sdk.bs(value.bs().stream().map(SdkBytes::fromByteArray).toList()).build();
            case M -> sdk.m(sdk(value.m())).build();
            case L -> sdk.l(value.l().stream().map(ResponsesHeldToTheSdkTest::sdk).toList()).build();
            case NULL -> sdk.nul(true).build();
            case BOOL -> sdk.bool(value.bool()).build();
        };
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk(
            Map<String, AttributeValue> values) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> converted = new LinkedHashMap<>();
        values.forEach((name, value) -> converted.put(name, sdk(value)));
        return converted;
    }

    static AttributeValue ours(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        return switch (value.type()) {
            case S -> AttributeValue.fromS(value.s());
            case N -> AttributeValue.fromN(value.n());
            case B -> AttributeValue.fromB(value.b().asByteArray());
            case SS -> AttributeValue.fromSs(value.ss());
            case NS -> AttributeValue.fromNs(value.ns());
            case BS -> AttributeValue.fromBs(value.bs().stream().map(SdkBytes::asByteArray).toList());
            case M -> AttributeValue.fromM(ours(value.m()));
            case L -> AttributeValue.fromL(value.l().stream().map(ResponsesHeldToTheSdkTest::ours).toList());
            case NUL -> AttributeValue.fromNul(true);
            case BOOL -> AttributeValue.fromBool(value.bool());
            default -> throw new AssertionError("unknown type " + value);
        };
    }

    /** The SDK's item as callhook's values; null where the SDK's answer had none (an auto-construct map). */
    static Map<String, AttributeValue> ours(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        if (values instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap) {
            return null;
        }
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> ours(e.getValue()),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** A last evaluated key; none (the last page) as an empty map, however the client says it. */
    private static Map<String, AttributeValue> noneIfEmpty(Map<String, AttributeValue> key) {
        return key == null ? Map.of() : key;
    }

    // ---- reads

    @Test
    void getItemOfEveryAttributeTypeAndOfAMissingItem() {
        GetItemResponse found = client.getItem(r -> r.tableName(OURS).key(key("typed", "every-type"))
                .consistentRead(true));
        var sdkFound = sdk.getItem(r -> r.tableName(THEIRS).key(sdk(key("typed", "every-type"))).consistentRead(true));
        GetItemResponse missing = client.getItem(r -> r.tableName(OURS).key(key("typed", "never-written")));
        var sdkMissing = sdk.getItem(r -> r.tableName(THEIRS).key(sdk(key("typed", "never-written"))));

        assertEquals(ours(sdkFound.item()), found.item());
        assertEquals(everyType().size() + 2, found.item().size());
        assertEquals(sdkMissing.hasItem(), missing.hasItem());
        assertFalse(missing.hasItem());
    }

    @Test
    void queryPagesTheirCountsAndKeys() {
        List<List<Object>> ours = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(r -> r.tableName(OURS).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("page"))).limit(2)
                    .exclusiveStartKey(from));
            ours.add(List.of(page.items(), page.count(), noneIfEmpty(page.lastEvaluatedKey())));
            start = page.lastEvaluatedKey();
        } while (start != null && !start.isEmpty());
        List<List<Object>> theirs = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdkStart = null;
        do {
            var from = sdkStart;
            var page = sdk.query(r -> r.tableName(THEIRS).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(sdk(Map.of(":pk", AttributeValue.fromS("page")))).limit(2)
                    .exclusiveStartKey(from));
            theirs.add(List.of(page.items().stream().map(ResponsesHeldToTheSdkTest::ours).toList(), page.count(),
                    page.hasLastEvaluatedKey() ? ours(page.lastEvaluatedKey()) : Map.of()));
            sdkStart = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (sdkStart != null);

        assertEquals(theirs, ours);
        assertEquals(3, ours.size(), "5 items, 2 a page");
    }

    @Test
    void queryCountWithoutItems() {
        QueryResponse counted = client.query(r -> r.tableName(OURS).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("page"))).select(Select.COUNT));
        var sdkCounted = sdk.query(r -> r.tableName(THEIRS).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(sdk(Map.of(":pk", AttributeValue.fromS("page"))))
                .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT));

        assertEquals(sdkCounted.count(), counted.count());
        assertEquals(sdkCounted.hasItems(), counted.hasItems());
        assertEquals(5, counted.count());
    }

    @Test
    void scanWithAFilterPageByPage() {
        List<Object> ours = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(r -> r.tableName(OURS).filterExpression("n >= :two")
                    .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"))).limit(3)
                    .exclusiveStartKey(from));
            ours.add(List.of(page.items(), page.count(), noneIfEmpty(page.lastEvaluatedKey())));
            start = page.lastEvaluatedKey();
        } while (start != null && !start.isEmpty());
        List<Object> theirs = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdkStart = null;
        do {
            var from = sdkStart;
            var page = sdk.scan(r -> r.tableName(THEIRS).filterExpression("n >= :two")
                    .expressionAttributeValues(sdk(Map.of(":two", AttributeValue.fromN("2")))).limit(3)
                    .exclusiveStartKey(from));
            theirs.add(List.of(page.items().stream().map(ResponsesHeldToTheSdkTest::ours).toList(), page.count(),
                    page.hasLastEvaluatedKey() ? ours(page.lastEvaluatedKey()) : Map.of()));
            sdkStart = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (sdkStart != null);

        assertEquals(theirs, ours);
    }

    // ---- writes

    @Test
    void updateItemReturnsTheSameAttributesForEveryReturnValue() {
        for (ReturnValue returned : ReturnValue.values()) {
            Map<String, AttributeValue> values = Map.of(":answered", AttributeValue.fromS("answered-" + returned),
                    ":one", AttributeValue.fromN("1"));
            UpdateItemResponse updated = client.updateItem(r -> r.tableName(OURS).key(key("call", "state"))
                    .updateExpression("SET #s = :answered ADD version :one")
                    .expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(values)
                    .returnValues(returned));
            var sdkUpdated = sdk.updateItem(r -> r.tableName(THEIRS).key(sdk(key("call", "state")))
                    .updateExpression("SET #s = :answered ADD version :one")
                    .expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(sdk(values))
                    .returnValues(returned.name()));

            assertEquals(sdkUpdated.hasAttributes(), updated.hasAttributes(), returned.name());
            if (sdkUpdated.hasAttributes()) {
                assertEquals(ours(sdkUpdated.attributes()), updated.attributes(), returned.name());
            }
        }
    }

    @Test
    void aFailedConditionGivesTheSameCodeMessageAndOldItem() {
        ConditionalCheckFailedException ours = assertThrows(ConditionalCheckFailedException.class,
                () -> client.putItem(r -> r.tableName(OURS).item(item("call", "state", Map.of()))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        var theirs = assertThrows(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class,
                () -> sdk.putItem(r -> r.tableName(THEIRS).item(sdk(item("call", "state", Map.of())))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure("ALL_OLD")));

        assertEquals(theirs.awsErrorDetails().errorCode(), ours.errorCode());
        assertEquals(theirs.awsErrorDetails().errorMessage(), ours.errorMessage());
        assertEquals(theirs.statusCode(), ours.statusCode());
        assertEquals(ours(theirs.item()), ours.item());
        assertTrue(ours.hasItem());
    }

    @Test
    void aCancelledTransactionGivesTheSameReasons() {
        TransactionCanceledException ours = assertThrows(TransactionCanceledException.class,
                () -> client.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(OURS).item(item("tx", "new", Map.of())))
                                .build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(OURS)
                                .key(key("call", "state")).conditionExpression("version = :zero")
                                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build())));
        var theirs = assertThrows(software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                () -> sdk.transactWriteItems(r -> r.transactItems(
                        t -> t.put(p -> p.tableName(THEIRS).item(sdk(item("tx", "new", Map.of())))),
                        t -> t.conditionCheck(c -> c.tableName(THEIRS).key(sdk(key("call", "state")))
                                .conditionExpression("version = :zero")
                                .expressionAttributeValues(sdk(Map.of(":zero", AttributeValue.fromN("0"))))
                                .returnValuesOnConditionCheckFailure("ALL_OLD")))));

        assertEquals(theirs.awsErrorDetails().errorCode(), ours.errorCode());
        assertEquals(theirs.awsErrorDetails().errorMessage(), ours.errorMessage());
        assertEquals(theirs.cancellationReasons().stream().map(reason -> Arrays.asList(reason.code(),
                reason.message(), ours(reason.item()))).toList(),
                ours.cancellationReasons().stream().map(reason -> Arrays.asList(reason.code(), reason.message(),
                        reason.hasItem() ? reason.item() : null)).toList());
        assertEquals(2, ours.cancellationReasons().size());
    }

    @Test
    void aValidationErrorGivesTheSameCodeStatusAndMessage() {
        DynamoDbException ours = assertThrows(DynamoDbException.class, () -> client.updateItem(r -> r
                .tableName(OURS).key(key("call", "state")).updateExpression("SET a = :undefined")));
        var theirs = assertThrows(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                () -> sdk.updateItem(r -> r.tableName(THEIRS).key(sdk(key("call", "state")))
                        .updateExpression("SET a = :undefined")));

        assertEquals(theirs.awsErrorDetails().errorCode(), ours.errorCode());
        assertEquals(theirs.awsErrorDetails().errorMessage(), ours.errorMessage());
        assertEquals(theirs.statusCode(), ours.statusCode());
        assertEquals(theirs.retryable(), ours.retryable());
    }

    @Test
    void aTransactionThatGoesThroughLeavesTheSameItems() {
        client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(OURS).item(item("tx", "done",
                        Map.of("v", AttributeValue.fromN("1"))))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(OURS).key(key("tx", "tally"))
                        .updateExpression("ADD n :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()));
        sdk.transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName(THEIRS).item(sdk(item("tx", "done", Map.of("v",
                        AttributeValue.fromN("1")))))),
                t -> t.update(u -> u.tableName(THEIRS).key(sdk(key("tx", "tally"))).updateExpression("ADD n :one")
                        .expressionAttributeValues(sdk(Map.of(":one", AttributeValue.fromN("1")))))));

        for (String sk : List.of("done", "tally")) {
            assertEquals(ours(sdk.getItem(r -> r.tableName(THEIRS).key(sdk(key("tx", sk)))).item()),
                    client.getItem(r -> r.tableName(OURS).key(key("tx", sk))).item(), sk);
        }
    }
}
