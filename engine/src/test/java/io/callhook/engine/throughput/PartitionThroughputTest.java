// Per-partition throughput limits in the engine, over HTTP through the real SDK, with a clock the test moves: a hot
// partition key (of the table or of a GSI) is throttled within its second, nothing is written for a throttled
// request, other keys are unaffected, the next second serves again, and the peaks per partition are reported.
package io.callhook.engine.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.Engine;
import io.callhook.engine.ManualClock;
import io.callhook.engine.conformance.Clients;
import io.callhook.engine.PartitionThroughput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class PartitionThroughputTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T10:00:00.100Z"));
    private Engine engine;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() {
        engine = Engine.builder().clock(clock).ttlSweepInterval(Duration.ZERO).start();
        dynamo = Clients.dynamo(engine.endpoint());
        dynamo.createTable(b -> b.tableName("calls").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("line").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("byLine").keySchema(k -> k.attributeName("line")
                        .keyType("HASH")).projection(p -> p.projectionType("KEYS_ONLY"))));
    }

    @AfterEach
    void stop() {
        dynamo.close();
        engine.close();
    }

    private void put(String pk, String line) {
        dynamo.putItem(b -> b.tableName("calls").item(line == null ? Map.of("pk", s(pk))
                : Map.of("pk", s(pk), "line", s(line))));
    }

    private long count() {
        return dynamo.scan(b -> b.tableName("calls").select("COUNT")).count();
    }

    @Test
    void aHotTablePartitionIsThrottledWithinItsSecondAndServesAgainTheNext() {
        engine.throughput().limit(5, 0);
        for (int i = 0; i < 5; i++) {
            put("hot", null);
        }
        assertThrows(ProvisionedThroughputExceededException.class, () -> put("hot", null));
        put("cold", null);
        clock.advance(Duration.ofSeconds(1));
        put("hot", null);
        assertEquals(2, count());
    }

    @Test
    void aHotIndexPartitionThrottlesWritesToTheTableAndWritesNothing() {
        engine.throughput().limit(3, 0);
        for (int i = 0; i < 3; i++) {
            put("call-" + i, "sales");
        }
        ProvisionedThroughputExceededException error = assertThrows(ProvisionedThroughputExceededException.class,
                () -> put("call-3", "sales"));
        assertTrue(error.getMessage().contains("byLine"), error.getMessage());
        assertFalse(dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("call-3")))).hasItem());
        put("call-4", "support");
        assertEquals(4, count());
    }

    @Test
    void largeItemsCostOneWriteUnitPerKilobyte() {
        engine.throughput().limit(4, 0);
        String threeKb = "x".repeat(3 * 1024 - 100);
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("big"), "data", s(threeKb))));
        assertThrows(ProvisionedThroughputExceededException.class,
                () -> dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("big"), "data", s(threeKb)))));
    }

    @Test
    void readsAreChargedHalfAUnitWhenEventuallyConsistent() {
        engine.throughput().limit(0, 2);
        put("read-me", null);
        for (int i = 0; i < 4; i++) {
            dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("read-me"))));
        }
        assertThrows(ProvisionedThroughputExceededException.class,
                () -> dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("read-me")))));
        assertThrows(ProvisionedThroughputExceededException.class, () -> dynamo.getItem(b -> b.tableName("calls")
                .key(Map.of("pk", s("read-me"))).consistentRead(true)));
    }

    @Test
    void peaksNameTheHottestPartitionsWithoutThrottlingWhenOnlyCounting() {
        engine.throughput().limit(0, 0);
        for (int i = 0; i < 7; i++) {
            put("call-" + i, "hot-line");
        }
        put("lonely", "quiet-line");
        List<PartitionThroughput.Peak> peaks = engine.throughput().peaks(3);
        assertEquals("byLine", peaks.get(0).index());
        assertEquals("hot-line", peaks.get(0).partitionKey());
        assertEquals(7.0, peaks.get(0).writeUnits());
        assertEquals(0, peaks.get(0).throttled());
        assertEquals(8, count());
    }

    @Test
    void turnedOffByDefault() {
        for (int i = 0; i < 50; i++) {
            put("same", null);
        }
        assertEquals(List.of(), engine.throughput().peaks(5));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
