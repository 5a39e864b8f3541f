package io.callhook.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.conformance.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Malformed and invalid requests: every one must be refused with the right HTTP status and {@code __type}, within a
 * bounded time, never with a 500, and without writing anything. The cases live in {@code bad-input/cases.json}
 * (read its {@code about}); a few that need large generated bodies are built here, and some are also sent through
 * the AWS SDK to check that the SDK maps the answer to the right exception.
 */
class BadInputCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$[A-Z][A-Z0-9_]*");
    private static final List<String> STREAM_OPERATIONS = List.of("ListStreams", "DescribeStream", "GetShardIterator",
            "GetRecords");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static Target target;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static HttpClient http;
    private static String hash;
    private static String comp;
    private static final Map<String, String> PLACEHOLDERS = new HashMap<>();
    private static final Map<String, String> SHARDS = new HashMap<>();

    /** One request of the corpus and what it must be answered. */
    record Case(String name, String target, String text, byte[] bytes, int status, String type, String engineBug) {
    }

    @BeforeAll
    static void setUp() {
        target = Target.get();
        dynamo = target.dynamo();
        streams = target.streams();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .build();
        hash = Target.uniqueTableName("robust-hash");
        comp = Target.uniqueTableName("robust-comp");
        dynamo.createTable(b -> b.tableName(hash).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(definition("pk", ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamo.createTable(b -> b.tableName(comp).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(definition("pk", ScalarAttributeType.S), definition("sk", ScalarAttributeType.N),
                        definition("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        dynamo.putItem(b -> b.tableName(hash).item(Map.of(
                "pk", s("seed"),
                "n", n("1"),
                "s", s("text"),
                "ss", AttributeValue.builder().ss("a", "b").build(),
                "l", AttributeValue.builder().l(n("1")).build(),
                "m", AttributeValue.builder().m(Map.of("a", n("1"))).build())));
        dynamo.putItem(b -> b.tableName(comp).item(Map.of("pk", s("seed"), "sk", n("1"), "g", s("x"), "v", s("y"))));

        String missing = Target.uniqueTableName("robust-missing");
        String hashStream = dynamo.describeTable(b -> b.tableName(hash)).table().latestStreamArn();
        String compStream = dynamo.describeTable(b -> b.tableName(comp)).table().latestStreamArn();
        for (String arn : List.of(hashStream, compStream)) {
            SHARDS.put(arn, streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0)
                    .shardId());
        }
        PLACEHOLDERS.put("$HASH", hash);
        PLACEHOLDERS.put("$COMP", comp);
        PLACEHOLDERS.put("$MISSING", missing);
        PLACEHOLDERS.put("$STREAM_ARN", hashStream);
        PLACEHOLDERS.put("$SHARD", SHARDS.get(hashStream));
        String goneArn = hashStream.replace("table/" + hash + "/", "table/" + missing + "/");
        PLACEHOLDERS.put("$GONE_STREAM_ARN", goneArn);
        PLACEHOLDERS.put("$FAKE_ITERATOR", iterator(goneArn + "|" + SHARDS.get(hashStream) + "|0|"
                + System.currentTimeMillis()));
        PLACEHOLDERS.put("$EXPIRED_ITERATOR", iterator(hashStream + "|" + SHARDS.get(hashStream) + "|0|0"));
        PLACEHOLDERS.put("$BIG", "x".repeat(400 * 1024));
        PLACEHOLDERS.put("$PK2049", "k".repeat(2049));
        PLACEHOLDERS.put("$NAME256", "t".repeat(256));
    }

    @AfterAll
    static void tearDown() {
        dynamo.deleteTable(b -> b.tableName(hash));
        dynamo.deleteTable(b -> b.tableName(comp));
        dynamo.close();
        streams.close();
    }

    @Test
    void theCorpusIsLargeAndNamesAreUnique() throws IOException {
        List<Case> cases = allCases();
        assertTrue(cases.size() >= 120, "only " + cases.size() + " cases");
        assertEquals(cases.size(), cases.stream().map(Case::name).distinct().count(), "case names repeat");
    }

    @TestFactory
    Stream<DynamicTest> rawHttp() throws IOException {
        return allCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    @TestFactory
    Stream<DynamicTest> throughTheSdk() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(sdk("GetItem on a missing table", 400, "ResourceNotFoundException",
                d -> d.getItem(b -> b.tableName(PLACEHOLDERS.get("$MISSING")).key(Map.of("pk", s("seed"))))));
        tests.add(sdk("empty string set", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("t1"),
                        "a", AttributeValue.builder().ss(List.of()).build())))));
        tests.add(sdk("number that is not a number", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("t1"), "a", n("1..2"))))));
        tests.add(sdk("39-digit number", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("t1"),
                        "a", n("1".repeat(39)))))));
        tests.add(sdk("duplicate binary set elements", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("t1"), "a", AttributeValue.builder()
                        .bs(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("x")).build())))));
        tests.add(sdk("item without its key", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("other", s("x"))))));
        tests.add(sdk("item over 400 KB", 400, "ValidationException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("t1"),
                        "big", s(PLACEHOLDERS.get("$BIG")))))));
        tests.add(sdk("update of a key attribute", 400, "ValidationException",
                d -> d.updateItem(b -> b.tableName(hash).key(Map.of("pk", s("seed"))).updateExpression("SET pk = :v")
                        .expressionAttributeValues(Map.of(":v", s("x"))))));
        tests.add(sdk("unused expression attribute value", 400, "ValidationException",
                d -> d.deleteItem(b -> b.tableName(hash).key(Map.of("pk", s("seed")))
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":v", s("x"))))));
        tests.add(sdk("failed condition", 400, "ConditionalCheckFailedException",
                d -> d.putItem(b -> b.tableName(hash).item(Map.of("pk", s("seed")))
                        .conditionExpression("attribute_not_exists(pk)"))));
        tests.add(sdk("Limit zero", 400, "ValidationException",
                d -> d.scan(b -> b.tableName(hash).limit(0))));
        tests.add(sdk("Segment without TotalSegments", 400, "ValidationException",
                d -> d.scan(b -> b.tableName(hash).segment(0))));
        tests.add(sdk("COUNT with a projection", 400, "ValidationException",
                d -> d.scan(b -> b.tableName(hash).select(Select.COUNT).projectionExpression("n"))));
        tests.add(sdk("26 batch writes", 400, "ValidationException", d -> d.batchWriteItem(b -> b.requestItems(
                Map.of(hash, puts(26))))));
        tests.add(sdk("transaction on one item twice", 400, "ValidationException",
                d -> d.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(hash).item(Map.of("pk", s("t1")))).build(),
                        TransactWriteItem.builder().delete(x -> x.tableName(hash).key(Map.of("pk", s("t1"))))
                                .build()))));
        tests.add(sdk("table name too short", 400, "ValidationException",
                d -> d.createTable(b -> b.tableName("ab").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .attributeDefinitions(definition("pk", ScalarAttributeType.S)))));
        tests.add(sdk("key schema attribute not defined", 400, "ValidationException",
                d -> d.createTable(b -> b.tableName(Target.uniqueTableName("robust-bad")).billingMode(
                        BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                        .attributeDefinitions(definition("pk", ScalarAttributeType.S)))));
        tests.add(DynamicTest.dynamicTest("not bad: CreateTable saying StreamEnabled false", () -> {
            String name = Target.uniqueTableName("robust-nostream");
            dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(definition("pk", ScalarAttributeType.S))
                    .streamSpecification(s -> s.streamEnabled(false)));
            assertEquals(null, dynamo.describeTable(b -> b.tableName(name)).table().latestStreamArn());
            dynamo.deleteTable(b -> b.tableName(name));
        }));
        tests.add(DynamicTest.dynamicTest("SDK: failed transaction names its reasons", () -> {
            Snapshot before = snapshot();
            TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                    () -> dynamo.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().put(p -> p.tableName(hash).item(Map.of("pk", s("t1"))))
                                    .build(),
                            TransactWriteItem.builder().conditionCheck(c -> c.tableName(hash)
                                    .key(Map.of("pk", s("seed"))).conditionExpression("attribute_not_exists(pk)"))
                                    .build())));
            assertEquals(400, e.statusCode());
            assertEquals(List.of("None", "ConditionalCheckFailed"),
                    e.cancellationReasons().stream().map(r -> r.code()).toList());
            assertEquals(before, snapshot());
        }));
        tests.add(DynamicTest.dynamicTest("SDK streams: bad iterator and bad ARN", () -> {
            Snapshot before = snapshot();
            AwsServiceException iterator = assertThrows(AwsServiceException.class,
                    () -> streams.getRecords(b -> b.shardIterator("garbage!")));
            assertEquals(400, iterator.statusCode());
            assertEquals("ValidationException", iterator.awsErrorDetails().errorCode());
            AwsServiceException arn = assertThrows(AwsServiceException.class,
                    () -> streams.describeStream(b -> b.streamArn(PLACEHOLDERS.get("$GONE_STREAM_ARN"))));
            assertEquals(400, arn.statusCode());
            assertEquals("ResourceNotFoundException", arn.awsErrorDetails().errorCode());
            AwsServiceException sequence = assertThrows(AwsServiceException.class,
                    () -> streams.getShardIterator(b -> b.streamArn(PLACEHOLDERS.get("$STREAM_ARN"))
                            .shardId(PLACEHOLDERS.get("$SHARD"))
                            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber("12ab")));
            assertEquals("ValidationException", sequence.awsErrorDetails().errorCode());
            assertEquals(before, snapshot());
        }));
        return tests.stream();
    }

    // ------------------------------------------------------------------------------------------------ running

    private static void run(Case c) throws Exception {
        Snapshot before = snapshot();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.endpoint() + "/"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(c)));
        if (c.target() != null) {
            request.header("X-Amz-Target", c.target());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Snapshot after = snapshot();
        String answer = response.statusCode() + " " + shorten(response.body());
        if (c.engineBug() != null) {
            boolean right = response.statusCode() == c.status() && c.type().equals(errorType(response.body()));
            if (right && before.equals(after)) {
                fail("marked as an engine bug (" + c.engineBug() + ") but now answered right: drop the marker");
            }
            Assumptions.abort("engine bug: " + c.engineBug() + "; answered " + answer);
        }
        assertTrue(response.statusCode() < 500, "server error: " + answer);
        assertEquals(before, after, "the refused request changed the database; answered " + answer);
        assertEquals(c.status(), response.statusCode(), answer);
        assertEquals(c.type(), errorType(response.body()), answer);
        JsonNode body = JSON.readTree(response.body());
        assertNotNull(body.has("message") ? body.get("message") : body.get("Message"), "no message: " + answer);
    }

    private static DynamicTest sdk(String name, int status, String type, Consumer<DynamoDbClient> call) {
        return DynamicTest.dynamicTest("SDK: " + name, () -> {
            Snapshot before = snapshot();
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> call.accept(dynamo));
            assertEquals(status, e.statusCode(), e.getMessage());
            assertEquals(type, e.awsErrorDetails().errorCode(), e.getMessage());
            assertEquals(before, snapshot());
        });
    }

    private static String errorType(String body) {
        try {
            JsonNode type = JSON.readTree(body).get("__type");
            if (type == null || !type.isTextual()) {
                return null;
            }
            String text = type.textValue();
            return text.substring(text.lastIndexOf('#') + 1);
        } catch (IOException e) {
            return null;
        }
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static byte[] body(Case c) {
        if (c.bytes() != null) {
            return c.bytes();
        }
        Matcher matcher = PLACEHOLDER.matcher(c.text());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = PLACEHOLDERS.get(matcher.group());
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder " + matcher.group() + " in " + c.name());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a refused request must leave as it was: both tables' items and settings (billing, indexes, attribute
     * definitions, stream, TTL), both streams' records, the table list.
     */
    record Snapshot(TreeSet<String> items, int streamRecords, List<String> tables, List<String> settings) {
    }

    private static Snapshot snapshot() {
        TreeSet<String> items = new TreeSet<>();
        for (String table : List.of(hash, comp)) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
                page.items().forEach(item -> items.add(table + " " + new TreeMap<>(item)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        int records = 0;
        for (Map.Entry<String, String> shard : SHARDS.entrySet()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(shard.getKey()).shardId(shard.getValue())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String from = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from));
                if (page.records().isEmpty()) {
                    break;
                }
                records += page.records().size();
                iterator = page.nextShardIterator();
            }
        }
        List<String> tables = new ArrayList<>();
        String startTable = null;
        do {
            String from = startTable;
            var page = dynamo.listTables(b -> b.exclusiveStartTableName(from));
            tables.addAll(page.tableNames());
            startTable = page.lastEvaluatedTableName();
        } while (startTable != null);
        List<String> settings = new ArrayList<>();
        for (String table : List.of(hash, comp)) {
            TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
            settings.add(table + " billing=" + description.billingModeSummary() + " throughput="
                    + description.provisionedThroughput().readCapacityUnits() + "/"
                    + description.provisionedThroughput().writeCapacityUnits() + " indexes="
                    + description.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList()
                    + " attributes=" + description.attributeDefinitions() + " stream="
                    + description.streamSpecification() + " " + description.latestStreamArn() + " ttl="
                    + dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription());
        }
        return new Snapshot(items, records, tables, settings);
    }

    // ------------------------------------------------------------------------------------------------ cases

    private static List<Case> allCases() throws IOException {
        List<Case> cases = new ArrayList<>(fileCases());
        cases.addAll(generatedCases());
        return cases;
    }

    private static List<Case> fileCases() throws IOException {
        JsonNode file;
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-input/cases.json")) {
            assertNotNull(in, "bad-input/cases.json is missing");
            file = JSON.readTree(in);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode node : file.get("cases")) {
            String name = node.get("name").textValue();
            String header;
            if (node.path("noTarget").asBoolean(false)) {
                header = null;
            } else if (node.has("target")) {
                header = node.get("target").textValue();
            } else {
                header = targetOf(node.get("op").textValue());
            }
            String text = null;
            byte[] bytes = null;
            if (node.has("raw")) {
                text = node.get("raw").textValue();
            } else if (node.has("rawBase64")) {
                bytes = Base64.getDecoder().decode(node.get("rawBase64").textValue());
            } else {
                text = JSON.writeValueAsString(node.get("body"));
            }
            JsonNode bug = node.get("engineBug");
            cases.add(new Case(name, header, text, bytes, node.get("status").intValue(),
                    node.get("type").textValue(), bug == null ? null : bug.textValue()));
        }
        return cases;
    }

    private static String targetOf(String operation) {
        return (STREAM_OPERATIONS.contains(operation) ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.")
                + operation;
    }

    /** Cases whose bodies are too large to write out by hand. */
    private static List<Case> generatedCases() throws IOException {
        List<Case> cases = new ArrayList<>();
        ObjectNode writes = JSON.createObjectNode();
        writes.putObject("RequestItems").set("$HASH", putRequests(26, "w"));
        cases.add(generated("BatchWriteItem with 26 writes", "BatchWriteItem", writes, "ValidationException"));

        ObjectNode split = JSON.createObjectNode();
        ObjectNode splitItems = split.putObject("RequestItems");
        splitItems.set("$HASH", putRequests(13, "w"));
        ArrayNode compPuts = splitItems.putArray("$COMP");
        for (int i = 0; i < 13; i++) {
            compPuts.addObject().putObject("PutRequest").set("Item", JSON.readTree(
                    "{\"pk\": {\"S\": \"w\"}, \"sk\": {\"N\": \"" + (100 + i) + "\"}}"));
        }
        cases.add(generated("BatchWriteItem with 26 writes over two tables", "BatchWriteItem", split,
                "ValidationException"));

        ObjectNode gets = JSON.createObjectNode();
        ArrayNode keys = gets.putObject("RequestItems").putObject("$HASH").putArray("Keys");
        for (int i = 0; i < 101; i++) {
            keys.add(JSON.readTree("{\"pk\": {\"S\": \"g" + i + "\"}}"));
        }
        cases.add(generated("BatchGetItem with 101 keys", "BatchGetItem", gets, "ValidationException"));

        ObjectNode transaction = JSON.createObjectNode();
        ArrayNode actions = transaction.putArray("TransactItems");
        for (int i = 0; i < 101; i++) {
            actions.addObject().putObject("Put").put("TableName", "$HASH").set("Item",
                    JSON.readTree("{\"pk\": {\"S\": \"x" + i + "\"}}"));
        }
        cases.add(generated("TransactWriteItems with 101 actions", "TransactWriteItems", transaction,
                "ValidationException"));

        ObjectNode reads = JSON.createObjectNode();
        ArrayNode readActions = reads.putArray("TransactItems");
        for (int i = 0; i < 101; i++) {
            readActions.addObject().putObject("Get").put("TableName", "$HASH").set("Key",
                    JSON.readTree("{\"pk\": {\"S\": \"x" + i + "\"}}"));
        }
        cases.add(generated("TransactGetItems with 101 reads", "TransactGetItems", reads, "ValidationException"));

        cases.add(generated("map nested 33 levels deep", "PutItem", nested("M", 33), "ValidationException"));
        cases.add(generated("list nested 33 levels deep", "PutItem", nested("L", 33), "ValidationException"));
        cases.add(generated("document nested 100000 levels deep", "PutItem", "SerializationException",
                deepText(100_000)));
        return cases;
    }

    private static Case generated(String name, String operation, JsonNode body, String type) throws IOException {
        return generated(name, operation, type, JSON.writeValueAsString(body));
    }

    private static Case generated(String name, String operation, String type, String text) {
        return new Case(name, targetOf(operation), text, null, 400, type, null);
    }

    private static ArrayNode putRequests(int count, String prefix) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            list.addObject().putObject("PutRequest").set("Item",
                    JSON.readTree("{\"pk\": {\"S\": \"" + prefix + i + "\"}}"));
        }
        return list;
    }

    /** A PutItem whose attribute {@code a} nests {@code depth} maps or lists, each level one value deep. */
    private static JsonNode nested(String type, int depth) {
        ObjectNode value = JSON.createObjectNode().put("S", "leaf");
        for (int i = 0; i < depth; i++) {
            ObjectNode outer = JSON.createObjectNode();
            if (type.equals("M")) {
                outer.putObject("M").set("x", value);
            } else {
                outer.putArray("L").add(value);
            }
            value = outer;
        }
        ObjectNode body = JSON.createObjectNode().put("TableName", "$HASH");
        body.putObject("Item").set("a", value);
        ((ObjectNode) body.get("Item")).putObject("pk").put("S", "t1");
        return body;
    }

    private static String deepText(int depth) {
        return "{\"TableName\": \"$HASH\", \"Item\": {\"pk\": {\"S\": \"t1\"}, \"a\": "
                + "{\"L\": [".repeat(depth) + "{\"S\": \"leaf\"}" + "]}".repeat(depth) + "}}";
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AttributeDefinition definition(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }

    private static List<WriteRequest> puts(int count) {
        List<WriteRequest> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = Map.of("pk", s("sdk" + i));
            list.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        return list;
    }

    private static String iterator(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
