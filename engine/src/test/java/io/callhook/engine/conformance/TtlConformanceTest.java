package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.attribute;
import static io.callhook.engine.conformance.Fixtures.hash;
import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.l;
import static io.callhook.engine.conformance.Fixtures.n;
import static io.callhook.engine.conformance.Fixtures.s;
import static io.callhook.engine.conformance.Fixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callhook.engine.Engine;
import io.callhook.engine.ManualClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Time to Live deletions (Developer Guide, "Using time to live (TTL) in DynamoDB" and "DynamoDB Streams and Time to
 * Live"). Real DynamoDB deletes expired items in the background at a time of its choosing, so these tests run only
 * against the project's engine, with a controllable clock and the sweep triggered by hand.
 */
class TtlConformanceTest {

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 60 * 60;


    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    private Engine engine;
    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private long now;

    @BeforeEach
    void startEngine() {
        Assumptions.assumeTrue(Target.get().isEngine(), "TTL deletion timing is engine-only (controllable clock)");
        engine = Engine.builder().clock(clock).ttlSweepInterval(Duration.ZERO).start();
        Target target = Target.at(engine.endpoint());
        dynamo = target.dynamo();
        streams = target.streams();
        now = clock.instant().getEpochSecond();
    }

    @AfterEach
    void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private String ttlTable(StreamViewType viewType) {
        String table = Target.uniqueTableName("ttl");
        Fixtures.createTable(dynamo, table, b -> {
            b.keySchema(hash("pk")).attributeDefinitions(attribute("pk", ScalarAttributeType.S));
            if (viewType != null) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType));
            }
        });
        dynamo.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
        return table;
    }

    private void put(String table, String pk, AttributeValue expires) {
        dynamo.putItem(b -> b.tableName(table).item(item("pk", pk, "expires", expires)));
    }

    private Set<String> keys(String table) {
        return new HashSet<>(strings(dynamo.scan(b -> b.tableName(table)).items(), "pk"));
    }

    @Test
    @DisplayName("Developer Guide, TTL: items whose TTL time has passed are deleted; others are kept")
    void expiredItemsDeleted() {
        String table = ttlTable(null);
        put(table, "expired", n(now - 60));
        put(table, "four-years-ago", n(now - 4 * 365 * 24 * 3600L));
        put(table, "future", n(now + 60));
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "no-ttl")));

        int deleted = engine.sweepExpiredItems();

        assertEquals(2, deleted);
        assertEquals(Set.of("future", "no-ttl"), keys(table));
    }

    @Test
    @DisplayName("Developer Guide, TTL: an item expires once the clock passes its TTL time")
    void itemExpiresWhenClockPasses() {
        String table = ttlTable(null);
        put(table, "soon", n(now + 60));

        engine.sweepExpiredItems();
        assertEquals(Set.of("soon"), keys(table));

        clock.advance(Duration.ofSeconds(61));
        engine.sweepExpiredItems();
        assertEquals(Set.of(), keys(table));
    }

    @Test
    @DisplayName("Developer Guide, TTL (Formatting): a TTL attribute that is not a Number is ignored")
    void nonNumberTtlIgnored() {
        String table = ttlTable(null);
        put(table, "string", s(String.valueOf(now - 60)));
        put(table, "list", l(n(now - 60)));
        put(table, "number-set", AttributeValue.fromNs(List.of(String.valueOf(now - 60))));

        assertEquals(0, engine.sweepExpiredItems());
        assertEquals(Set.of("string", "list", "number-set"), keys(table));
    }

    @Test
    @DisplayName("Developer Guide, TTL (Formatting): items expired more than five years ago are ignored")
    void ancientTtlIgnored() {
        String table = ttlTable(null);
        put(table, "six-years", n(now - FIVE_YEARS_SECONDS - 365 * 24 * 3600L));
        put(table, "epoch", n(0));
        put(table, "huge-negative", n("-1000000000000000000000000000000"));
        put(table, "huge-positive", n("1000000000000000000000000000000"));
        // minus 2^64 plus a recent time: wrong 64-bit arithmetic would take it for a recent expiry
        put(table, "wrapping", n(BigInteger.valueOf(now - 60).subtract(BigInteger.TWO.pow(64))));

        assertEquals(0, engine.sweepExpiredItems());
        assertEquals(Set.of("six-years", "epoch", "huge-negative", "huge-positive", "wrapping"), keys(table));
    }

    @Test
    @DisplayName("API Reference, UpdateTimeToLive: without TTL enabled nothing expires")
    void noTtlNoDeletion() {
        String table = Fixtures.createPkTable(dynamo, Target.uniqueTableName("ttl-off"));
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "expires", n(now - 60))));

        assertEquals(0, engine.sweepExpiredItems());
        assertEquals(Set.of("a"), keys(table));
    }

    @Test
    @DisplayName("Developer Guide, DynamoDB Streams and TTL: a TTL deletion is a REMOVE with userIdentity Service "
            + "dynamodb.amazonaws.com; a user's delete has none")
    void ttlDeletionInStream() {
        String table = ttlTable(StreamViewType.NEW_AND_OLD_IMAGES);
        put(table, "expired", n(now - 60));
        put(table, "user", n(now + 3600));
        dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "user")));

        engine.sweepExpiredItems();

        List<Record> records = records(table);
        assertEquals(List.of(OperationType.INSERT, OperationType.INSERT, OperationType.REMOVE, OperationType.REMOVE),
                records.stream().map(Record::eventName).toList());
        Record userDelete = records.get(2);
        Record ttlDelete = records.get(3);
        assertEquals(item("pk", "user"), userDelete.dynamodb().keys());
        assertNull(userDelete.userIdentity());
        assertEquals(item("pk", "expired"), ttlDelete.dynamodb().keys());
        assertEquals("Service", ttlDelete.userIdentity().type());
        assertEquals("dynamodb.amazonaws.com", ttlDelete.userIdentity().principalId());
        assertEquals(item("pk", "expired", "expires", n(now - 60)), ttlDelete.dynamodb().oldImage());
        assertFalse(ttlDelete.dynamodb().hasNewImage());
    }

    private List<Record> records(String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<Record> records = new ArrayList<>();
        for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            GetRecordsResponse page;
            do {
                String current = iterator;
                page = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            } while (iterator != null && !page.records().isEmpty());
        }
        return records;
    }

}
