package io.callhook.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.Engine;
import io.callhook.engine.conformance.Clients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A data directory keeps everything: tables with their indexes, streams and TTL settings, items of every type,
 * stream records with their sequence numbers; across a clean close, a {@code kill -9} of the engine's process, and a
 * journal whose last line was cut short.
 */
class PersistenceTest {

    private static final String CALLS = "calls";
    private static final String PLAIN = "plain";
    private static final String DROPPED = "dropped";

    @TempDir
    Path data;

    // ------------------------------------------------------------------------------------------------ (a) reopen

    @Test
    void everythingSurvivesAReopen() {
        State before;
        try (Engine engine = open(data)) {
            DynamoDbClient dynamo = Clients.dynamo(engine.endpoint());
            createTables(dynamo);
            writeEverything(dynamo);
            assertEquals(1, engine.sweepExpiredItems(), "the expired item");
            before = state(engine.endpoint());
            dynamo.close();
        }
        assertEquals(Set.of(CALLS, PLAIN), Set.copyOf(before.tables()));
        assertTrue(before.records().size() >= 10, "stream records: " + before.records().size());
        assertTrue(before.records().stream().anyMatch(r -> r.userIdentity() != null), "no TTL deletion recorded");

        try (Engine engine = open(data)) {
            assertSameState(before, state(engine.endpoint()));
            DynamoDbClient dynamo = Clients.dynamo(engine.endpoint());
            assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(DROPPED)));
            dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s("after"), "sk", n("1"))));
            List<Record> records = records(engine.endpoint(), CALLS);
            Record last = records.get(records.size() - 1);
            String previousLast = before.records().get(before.records().size() - 1).dynamodb().sequenceNumber();
            assertTrue(last.dynamodb().sequenceNumber().compareTo(previousLast) > 0,
                    "a new record's sequence number " + last.dynamodb().sequenceNumber() + " is not after "
                            + previousLast);
            dynamo.close();
        }
    }

    @Test
    void everythingSurvivesACompactionAndTheWritesAfterIt() throws IOException {
        State before;
        try (Engine engine = open(data)) {
            DynamoDbClient dynamo = Clients.dynamo(engine.endpoint());
            createTables(dynamo);
            writeEverything(dynamo);
            assertEquals(1, engine.sweepExpiredItems(), "the expired item");
            engine.compact();
            assertEquals(1, Files.readAllLines(data.resolve("journal.jsonl")).size(),
                    "after a compaction the journal holds only its generation line");
            dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s("after-compaction"), "sk", n("1"),
                    "agent_id", s("ada"))));
            dynamo.deleteItem(b -> b.tableName(CALLS).key(Map.of("pk", s("call-1"), "sk", n("1"))));
            before = state(engine.endpoint());
            dynamo.close();
        }
        assertTrue(Files.exists(data.resolve("snapshot.json")), "no snapshot written");

        try (Engine engine = open(data)) {
            assertSameState(before, state(engine.endpoint()));
            engine.compact();
        }
        try (Engine engine = open(data)) {
            assertSameState(before, state(engine.endpoint()));
        }
    }

    private static void assertSameState(State before, State after) {
        assertEquals(before.tables(), after.tables());
        assertEquals(before.items(), after.items());
        assertEquals(before.indexQuery(), after.indexQuery());
        assertEquals(before.ttl(), after.ttl());
        assertEquals(before.describe(CALLS).keySchema(), after.describe(CALLS).keySchema());
        assertEquals(before.describe(CALLS).globalSecondaryIndexes(), after.describe(CALLS)
                .globalSecondaryIndexes());
        assertEquals(before.describe(CALLS).latestStreamArn(), after.describe(CALLS).latestStreamArn());
        assertEquals(before.describe(CALLS).itemCount(), after.describe(CALLS).itemCount());
        assertEquals(before.records(), after.records(), "stream records, sequence numbers included");
    }

    private static void createTables(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName(CALLS).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .attributeDefinitions(definition("pk", ScalarAttributeType.S), definition("sk", ScalarAttributeType.N),
                        definition("agent_id", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byAgent")
                        .keySchema(key("agent_id", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamo.updateTimeToLive(b -> b.tableName(CALLS).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expires")));
        dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("id", KeyType.HASH))
                .attributeDefinitions(definition("id", ScalarAttributeType.B)));
        dynamo.createTable(b -> b.tableName(DROPPED).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("id", KeyType.HASH))
                .attributeDefinitions(definition("id", ScalarAttributeType.S)));
        dynamo.putItem(b -> b.tableName(DROPPED).item(Map.of("id", s("gone"))));
        dynamo.deleteTable(b -> b.tableName(DROPPED));
    }

    private static void writeEverything(DynamoDbClient dynamo) {
        Map<String, AttributeValue> everyType = new TreeMap<>();
        everyType.put("pk", s("call-1"));
        everyType.put("sk", n("1"));
        everyType.put("agent_id", s("ada"));
        everyType.put("text", s("héllo ✓"));
        everyType.put("number", n("-12345678901234567890.123456789012345678"));
        everyType.put("tiny", n("1E-130"));
        everyType.put("binary", AttributeValue.builder().b(SdkBytes.fromByteArray(new byte[] {0, 1, -1, 127}))
                .build());
        everyType.put("flag", AttributeValue.builder().bool(false).build());
        everyType.put("nothing", AttributeValue.builder().nul(true).build());
        everyType.put("strings", AttributeValue.builder().ss("a", "b", "c").build());
        everyType.put("numbers", AttributeValue.builder().ns("1", "2.5", "-3").build());
        everyType.put("binaries", AttributeValue.builder().bs(SdkBytes.fromUtf8String("x"),
                SdkBytes.fromUtf8String("y")).build());
        everyType.put("list", AttributeValue.builder().l(s("one"), n("2"), AttributeValue.builder()
                .m(Map.of("deep", AttributeValue.builder().l(AttributeValue.builder().bool(true).build()).build()))
                .build()).build());
        everyType.put("map", AttributeValue.builder().m(Map.of("empty", s(""), "inner",
                AttributeValue.builder().m(Map.of("n", n("0"))).build())).build());
        dynamo.putItem(b -> b.tableName(CALLS).item(everyType));
        for (int i = 2; i <= 6; i++) {
            int sk = i;
            dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s("call-" + sk), "sk", n(Integer.toString(sk)),
                    "agent_id", s(sk % 2 == 0 ? "ada" : "bob"), "state", s("ringing"))));
        }
        dynamo.updateItem(b -> b.tableName(CALLS).key(Map.of("pk", s("call-2"), "sk", n("2")))
                .updateExpression("SET #state = :answered, attempts = :one ADD strings :more REMOVE agent_id")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":answered", s("answered"), ":one", n("1"),
                        ":more", AttributeValue.builder().ss("z").build())));
        dynamo.deleteItem(b -> b.tableName(CALLS).key(Map.of("pk", s("call-3"), "sk", n("3"))));
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(CALLS).item(Map.of("pk", s("call-7"), "sk", n("7"),
                        "agent_id", s("bob")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(CALLS).key(Map.of("pk", s("call-4"),
                        "sk", n("4"))).updateExpression("SET agent_id = :carol")
                        .expressionAttributeValues(Map.of(":carol", s("carol")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(CALLS).key(Map.of("pk", s("call-5"),
                        "sk", n("5")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(PLAIN).item(Map.of("id", AttributeValue.builder()
                        .b(SdkBytes.fromUtf8String("k1")).build(), "v", n("1")))).build()));
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(PLAIN, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", AttributeValue.builder()
                        .b(SdkBytes.fromUtf8String("k2")).build())).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", AttributeValue.builder()
                        .b(SdkBytes.fromUtf8String("k3")).build())).build()).build()),
                CALLS, List.of(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Map.of("pk", s("call-6"), "sk", n("6"))).build()).build()))));
        dynamo.updateTable(b -> b.tableName(CALLS)
                .attributeDefinitions(definition("state", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byState")
                        .keySchema(key("state", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
        long expired = System.currentTimeMillis() / 1000 - 60;
        dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s("expired"), "sk", n("9"),
                "expires", n(Long.toString(expired)))));
    }

    /** What a data directory must give back. */
    record State(List<String> tables, Map<String, List<Map<String, AttributeValue>>> items,
                 List<Map<String, AttributeValue>> indexQuery, Map<String, String> ttl,
                 Map<String, TableDescription> descriptions, List<Record> records) {

        TableDescription describe(String table) {
            return descriptions.get(table);
        }
    }

    private static State state(String endpoint) {
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint)) {
            List<String> tables = dynamo.listTables().tableNames();
            Map<String, List<Map<String, AttributeValue>>> items = new TreeMap<>();
            Map<String, String> ttl = new TreeMap<>();
            Map<String, TableDescription> descriptions = new TreeMap<>();
            for (String table : tables) {
                items.put(table, scan(dynamo, table));
                var description = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
                ttl.put(table, description.timeToLiveStatus() + " " + description.attributeName());
                descriptions.put(table, dynamo.describeTable(b -> b.tableName(table)).table());
            }
            List<Map<String, AttributeValue>> indexQuery = new ArrayList<>(dynamo.query(b -> b.tableName(CALLS)
                    .indexName("byAgent").keyConditionExpression("agent_id = :a")
                    .expressionAttributeValues(Map.of(":a", s("bob")))).items());
            List<Map<String, AttributeValue>> byState = dynamo.query(b -> b.tableName(CALLS).indexName("byState")
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":s", s("ringing")))).items();
            assertEquals(1, byState.size(), "the index UpdateTable built: " + byState);
            indexQuery.addAll(byState);
            assertEquals(TimeToLiveStatus.ENABLED.toString(), ttl.get(CALLS).split(" ")[0]);
            return new State(tables, items, indexQuery, ttl, descriptions, records(endpoint, CALLS));
        }
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static List<Record> records(String endpoint, String table) {
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint);
             DynamoDbStreamsClient streams = Clients.streams(endpoint)) {
            String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0)
                    .shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = new ArrayList<>();
            while (iterator != null) {
                String from = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from));
                if (page.records().isEmpty()) {
                    break;
                }
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            }
            return records;
        }
    }

    // ------------------------------------------------------------------------------------------------ (b) kill -9

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        int port = freePort();
        Process first = startChild(port);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        String endpoint = "http://127.0.0.1:" + port;
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint)) {
            dynamo.createTable(b -> b.tableName(CALLS).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("pk", KeyType.HASH)).attributeDefinitions(definition("pk", ScalarAttributeType.S))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            int foreground = 200;
            for (int i = 0; i < foreground; i++) {
                String key = "fg-" + i;
                dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s(key), "v", n(key.substring(3)))));
                acknowledged.add(key);
            }
            CountDownLatch writing = new CountDownLatch(50);
            AtomicBoolean killed = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (DynamoDbClient background = Clients.dynamo(endpoint)) {
                    for (int i = 0; ; i++) {
                        String key = "bg-" + i;
                        try {
                            background.updateItem(b -> b.tableName(CALLS).key(Map.of("pk", s(key)))
                                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v",
                                            n(key.substring(3)))));
                        } catch (SdkException e) {
                            if (!killed.get()) {
                                writerFailure.set(e);
                            }
                            return;
                        }
                        acknowledged.add(key);
                        writing.countDown();
                    }
                } finally {
                    while (writing.getCount() > 0) {
                        writing.countDown();
                    }
                }
            }, "background-writer");
            writer.start();
            writing.await();
            killed.set(true);
            first.destroyForcibly();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the engine process did not die");
            writer.join();
        } finally {
            first.destroyForcibly();
        }
        assertNull(writerFailure.get(), "the background writer failed before the kill");
        assertTrue(acknowledged.size() >= 250, "acknowledged " + acknowledged.size());

        Process second = startChild(port);
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint)) {
            Map<String, String> found = new TreeMap<>();
            for (Map<String, AttributeValue> item : scan(dynamo, CALLS)) {
                found.put(item.get("pk").s(), item.get("v").n());
            }
            List<String> lost = acknowledged.stream().filter(key -> !found.containsKey(key)).sorted().toList();
            assertEquals(List.of(), lost, "acknowledged writes lost by kill -9");
            for (String key : acknowledged) {
                assertEquals(key.substring(3), found.get(key), key);
            }
            List<Record> records = records(endpoint, CALLS);
            assertEquals(found.size(), records.size(), "one INSERT record per item");
            dynamo.putItem(b -> b.tableName(CALLS).item(Map.of("pk", s("after-restart"), "v", n("0"))));
            assertNotNull(dynamo.getItem(b -> b.tableName(CALLS).key(Map.of("pk", s("after-restart")))).item());
        } finally {
            second.destroyForcibly();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTransactionIsAllOrNothingAcrossKillDashNine() throws Exception {
        int port = freePort();
        Process first = startChild(port);
        String endpoint = "http://127.0.0.1:" + port;
        long start = 1_000_000;
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint)) {
            dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("id", KeyType.HASH)).attributeDefinitions(definition("id", ScalarAttributeType.S)));
            dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("a"), "balance", n(Long.toString(start)))));
            dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("b"), "balance", n(Long.toString(start)))));
            CountDownLatch transferring = new CountDownLatch(100);
            AtomicBoolean killed = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (DynamoDbClient background = Clients.dynamo(endpoint)) {
                    for (long i = 1; ; i++) {
                        String amount = Long.toString(i % 97 + 1);
                        try {
                            background.transactWriteItems(b -> b.transactItems(
                                    TransactWriteItem.builder().update(u -> u.tableName(PLAIN).key(Map.of("id", s("a")))
                                            .updateExpression("SET balance = balance - :x")
                                            .expressionAttributeValues(Map.of(":x", n(amount)))).build(),
                                    TransactWriteItem.builder().update(u -> u.tableName(PLAIN).key(Map.of("id", s("b")))
                                            .updateExpression("SET balance = balance + :x")
                                            .expressionAttributeValues(Map.of(":x", n(amount)))).build()));
                        } catch (SdkException e) {
                            if (!killed.get()) {
                                writerFailure.set(e);
                            }
                            return;
                        }
                        transferring.countDown();
                    }
                } finally {
                    while (transferring.getCount() > 0) {
                        transferring.countDown();
                    }
                }
            }, "transfer-writer");
            writer.start();
            transferring.await();
            killed.set(true);
            first.destroyForcibly();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the engine process did not die");
            writer.join();
        } finally {
            first.destroyForcibly();
        }
        assertNull(writerFailure.get(), "the transfer writer failed before the kill");
        Process second = startChild(port);
        try (DynamoDbClient dynamo = Clients.dynamo(endpoint)) {
            long a = Long.parseLong(dynamo.getItem(b -> b.tableName(PLAIN).key(Map.of("id", s("a")))).item()
                    .get("balance").n());
            long b = Long.parseLong(dynamo.getItem(x -> x.tableName(PLAIN).key(Map.of("id", s("b")))).item()
                    .get("balance").n());
            assertEquals(2 * start, a + b, "a transaction was half applied: a=" + a + " b=" + b);
            assertTrue(a < start, "no transfer survived: a=" + a);
        } finally {
            second.destroyForcibly();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCommandLineTakesFaultRules() throws Exception {
        int port = freePort();
        Process child = startChild(port, "--fault", "{\"operation\": \"PutItem\", \"kind\": \"THROTTLING\", "
                + "\"times\": 1}");
        try (DynamoDbClient dynamo = Clients.dynamo("http://127.0.0.1:" + port)) {
            dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("id", KeyType.HASH)).attributeDefinitions(definition("id", ScalarAttributeType.S)));
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("x")))));
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("x"))));
            assertEquals(Set.of("x"), ids(dynamo));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process startChild(int port, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.callhook.engine.Engine",
                "--port", Integer.toString(port), "--data", data.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                break;
            }
        }
        if (line == null) {
            process.waitFor(60, TimeUnit.SECONDS);
            throw new IllegalStateException("the engine process ended before listening:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // keeps the child's output pipe from filling up
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "engine-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------------ (c) torn line

    @Test
    void aTornLastLineIsDroppedAndTheRestSurvives() throws IOException {
        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("id", KeyType.HASH)).attributeDefinitions(definition("id", ScalarAttributeType.S)));
            for (int i = 0; i < 20; i++) {
                String id = "kept-" + i;
                dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s(id))));
            }
        }
        Path journal = data.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        String whole = lines.get(lines.size() - 1).replace("kept-19", "torn-1");
        assertFalse(whole.equals(lines.get(lines.size() - 1)), "the journal does not look as expected: " + whole);
        Files.writeString(journal, whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            Set<String> ids = ids(dynamo);
            assertEquals(20, ids.size(), "ids: " + ids);
            assertFalse(ids.contains("torn-1"));
            dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("after-1"))));
        }
        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            Set<String> ids = ids(dynamo);
            assertEquals(21, ids.size(), "a write after the torn line was dropped must survive: " + ids);
            assertTrue(ids.contains("after-1"));
        }
        assertTrue(Files.readString(journal, StandardCharsets.UTF_8).endsWith("\n"), "journal ends mid-line");
    }

    @Test
    void aTornMultiByteCharacterIsDroppedToo() throws IOException {
        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("id", KeyType.HASH)).attributeDefinitions(definition("id", ScalarAttributeType.S)));
            dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s("kept"))));
        }
        Path journal = data.resolve("journal.jsonl");
        byte[] tail = "{\"at\":1,\"op\":\"write\",\"changes\":[{\"table\":\"plain\",\"key\":{\"id\":{\"S\":\"✓"
                .getBytes(StandardCharsets.UTF_8);
        Files.write(journal, Arrays.copyOf(tail, tail.length - 1), StandardOpenOption.APPEND);
        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            assertEquals(Set.of("kept"), ids(dynamo));
        }
    }

    @Test
    void aDamagedLineInTheMiddleStopsTheEngineAndIsKept() throws IOException {
        try (Engine engine = open(data); DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            dynamo.createTable(b -> b.tableName(PLAIN).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("id", KeyType.HASH)).attributeDefinitions(definition("id", ScalarAttributeType.S)));
            for (int i = 0; i < 5; i++) {
                String id = "line-" + i;
                dynamo.putItem(b -> b.tableName(PLAIN).item(Map.of("id", s(id))));
            }
        }
        Path journal = data.resolve("journal.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
        lines.set(2, lines.get(2).substring(0, lines.get(2).length() / 2));
        Files.write(journal, lines, StandardCharsets.UTF_8);
        byte[] damaged = Files.readAllBytes(journal);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> open(data).close());
        assertTrue(String.valueOf(refused.getMessage()).contains("damaged"), refused.toString());
        assertArrayEquals(damaged, Files.readAllBytes(journal), "the engine changed a journal it could not read");
    }

    private static Set<String> ids(DynamoDbClient dynamo) {
        Set<String> ids = new TreeSet<>();
        scan(dynamo, PLAIN).forEach(item -> ids.add(item.get("id").s()));
        return ids;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Engine open(Path directory) {
        return Engine.builder().dataDirectory(directory).ttlSweepInterval(Duration.ZERO).start();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition definition(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }
}
