package io.callhook.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.conformance.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Many clients at once against the same few items, through the AWS SDK over HTTP: no lost update, no torn
 * transaction, exactly one winner of a create race. Threads start together on a latch; nothing sleeps and nothing
 * depends on timing.
 */
class ConcurrencyTest {

    private static final int THREADS = 16;

    private static DynamoDbClient dynamo;
    private static String table;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        dynamo = Target.get().dynamo();
        table = Target.uniqueTableName("robust-concurrency");
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build()));
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
        dynamo.deleteTable(b -> b.tableName(table));
        dynamo.close();
    }

    @Test
    void conditionalIncrementsLoseNoUpdate() throws Exception {
        String key = "conditional";
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "n", n(0))));
        int perThread = 25;
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        runTogether(THREADS, thread -> {
            int mine = 0;
            while (mine < perThread) {
                long current = Long.parseLong(dynamo.getItem(b -> b.tableName(table).key(key(key))
                        .consistentRead(true)).item().get("n").n());
                try {
                    dynamo.updateItem(b -> b.tableName(table).key(key(key))
                            .updateExpression("SET n = n + :one")
                            .conditionExpression("n = :expected")
                            .expressionAttributeValues(Map.of(":one", n(1), ":expected", n(current))));
                    mine++;
                    successes.incrementAndGet();
                } catch (ConditionalCheckFailedException e) {
                    conflicts.incrementAndGet();
                }
            }
            return null;
        });
        assertEquals(THREADS * perThread, successes.get());
        assertEquals(successes.get(), number(key, "n"), "lost updates (" + conflicts.get() + " conflicts retried)");
    }

    @Test
    void unconditionalAddsSumExactly() throws Exception {
        String key = "adds";
        int perThread = 40;
        runTogether(THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                dynamo.updateItem(b -> b.tableName(table).key(key(key))
                        .updateExpression("ADD amount_total :amount, call_count :one")
                        .expressionAttributeValues(Map.of(":amount", n(thread + 1), ":one", n(1))));
            }
            return null;
        });
        long expectedTotal = (long) perThread * THREADS * (THREADS + 1) / 2;
        assertEquals(expectedTotal, number(key, "amount_total"));
        assertEquals(THREADS * perThread, number(key, "call_count"));
    }

    @Test
    void transactionsAreNeverSeenHalfDone() throws Exception {
        long start = 1000;
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("account-a"), "balance", n(start))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("account-b"), "balance", n(start))));
        int writers = THREADS / 2;
        int transfersPerWriter = 30;
        int readsPerReader = 60;
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        runTogether(THREADS, thread -> {
            if (thread < writers) {
                Random random = new Random(thread);
                for (int i = 0; i < transfersPerWriter; i++) {
                    boolean aToB = random.nextBoolean();
                    long amount = 1 + random.nextInt(200);
                    try {
                        transfer(aToB ? "account-a" : "account-b", aToB ? "account-b" : "account-a", amount);
                        committed.incrementAndGet();
                    } catch (TransactionCanceledException e) {
                        cancelled.incrementAndGet();
                    }
                }
            } else {
                for (int i = 0; i < readsPerReader; i++) {
                    List<ItemResponse> both = dynamo.transactGetItems(b -> b.transactItems(
                            TransactGetItem.builder().get(g -> g.tableName(table).key(key("account-a"))).build(),
                            TransactGetItem.builder().get(g -> g.tableName(table).key(key("account-b"))).build()))
                            .responses();
                    long a = Long.parseLong(both.get(0).item().get("balance").n());
                    long b = Long.parseLong(both.get(1).item().get("balance").n());
                    if (a + b != 2 * start || a < 0 || b < 0) {
                        torn.add("a=" + a + " b=" + b);
                    }
                    reads.incrementAndGet();
                }
            }
            return null;
        });
        assertEquals(List.of(), new ArrayList<>(torn), "reads saw a transaction half done");
        assertEquals((THREADS - writers) * readsPerReader, reads.get());
        assertEquals(writers * transfersPerWriter, committed.get() + cancelled.get());
        assertTrue(committed.get() > 0, "no transfer committed");
        assertEquals(2 * start, number("account-a", "balance") + number("account-b", "balance"));
    }

    @Test
    void exactlyOneCreatorWinsEachRace() throws Exception {
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            String key = "race-" + round;
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger losers = new AtomicInteger();
            ConcurrentLinkedQueue<Integer> winnerIds = new ConcurrentLinkedQueue<>();
            runTogether(THREADS, thread -> {
                try {
                    dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "owner", n(thread)))
                            .conditionExpression("attribute_not_exists(pk)"));
                    winners.incrementAndGet();
                    winnerIds.add(thread);
                } catch (ConditionalCheckFailedException e) {
                    losers.incrementAndGet();
                }
                return null;
            });
            assertEquals(1, winners.get(), "round " + round);
            assertEquals(THREADS - 1, losers.get(), "round " + round);
            assertEquals(winnerIds.peek().longValue(), number(key, "owner"), "round " + round);
        }
    }

    @Test
    void oneTransactionSentManyTimesWithOneTokenAppliesOnce() throws Exception {
        String key = "idempotent";
        String token = "token-" + table.hashCode();
        AtomicInteger succeeded = new AtomicInteger();
        runTogether(THREADS, thread -> {
            dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key(key))
                            .updateExpression("ADD applied :one")
                            .expressionAttributeValues(Map.of(":one", n(1)))).build()));
            succeeded.incrementAndGet();
            return null;
        });
        assertEquals(THREADS, succeeded.get());
        assertEquals(1, number(key, "applied"));
    }

    @Test
    void exactlyOneCreateTableWinsARace() throws Exception {
        String name = Target.uniqueTableName("robust-race");
        AtomicInteger created = new AtomicInteger();
        AtomicInteger inUse = new AtomicInteger();
        runTogether(THREADS, thread -> {
            try {
                dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                                .attributeType(ScalarAttributeType.S).build()));
                created.incrementAndGet();
            } catch (ResourceInUseException e) {
                inUse.incrementAndGet();
            }
            return null;
        });
        assertEquals(1, created.get());
        assertEquals(THREADS - 1, inUse.get());
        dynamo.deleteTable(b -> b.tableName(name));
    }

    @Test
    void writesRacingDeleteTableEitherLandOrFindNoTable() throws Exception {
        String name = Target.uniqueTableName("robust-doomed");
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
        AtomicInteger landed = new AtomicInteger();
        AtomicInteger notFound = new AtomicInteger();
        CountDownLatch someWritesLanded = new CountDownLatch(THREADS);
        runTogether(THREADS, thread -> {
            if (thread == 0) {
                someWritesLanded.await();
                dynamo.deleteTable(b -> b.tableName(name));
                return null;
            }
            for (int i = 0; ; i++) {
                String pk = thread + "-" + i;
                try {
                    if (i % 2 == 0) {
                        dynamo.putItem(b -> b.tableName(name).item(Map.of("pk", s(pk))));
                    } else {
                        dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                                .update(u -> u.tableName(name).key(key(pk)).updateExpression("ADD n :one")
                                        .expressionAttributeValues(Map.of(":one", n(1)))).build()));
                    }
                    landed.incrementAndGet();
                    someWritesLanded.countDown();
                } catch (ResourceNotFoundException e) {
                    notFound.incrementAndGet();
                    return null;
                }
            }
        });
        assertTrue(landed.get() >= THREADS, "landed " + landed.get());
        assertEquals(THREADS - 1, notFound.get(), "every writer ends on ResourceNotFoundException, none on another "
                + "error");
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A task for thread number {@code thread}. */
    private interface Task {
        Void run(int thread) throws Exception;
    }

    /** Runs {@code count} tasks released together by one latch; rethrows the first failure. */
    private static void runTogether(int count, Task task) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int thread = i;
            Callable<Void> callable = () -> {
                ready.countDown();
                go.await();
                return task.run(thread);
            };
            futures.add(pool.submit(callable));
        }
        ready.await();
        go.countDown();
        for (Future<Void> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
    }

    private static void transfer(String from, String to, long amount) {
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(from))
                        .updateExpression("SET balance = balance - :amount")
                        .conditionExpression("balance >= :amount")
                        .expressionAttributeValues(Map.of(":amount", n(amount)))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(to))
                        .updateExpression("SET balance = balance + :amount")
                        .expressionAttributeValues(Map.of(":amount", n(amount)))).build()));
    }

    private static long number(String key, String attribute) {
        return Long.parseLong(dynamo.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item()
                .get(attribute).n());
    }

    private static Map<String, AttributeValue> key(String value) {
        return Map.of("pk", s(value));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
