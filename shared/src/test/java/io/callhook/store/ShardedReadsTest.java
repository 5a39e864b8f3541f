// Store tests against the project's DynamoDB engine over HTTP, with the template's calls table, counting the
// engine's read units per request: a caller-log page reads each shard about its share of the page, never a page
// after its last item, and the shards' first reads are in flight together.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.ReadUnits;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShardedReadsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Organizations ORGANIZATIONS = Organizations.parse("one:o1,eight:o8", "1");
    private static final int CALLS = 150;
    private static final int PAGE = 60;
    private static LocalDynamo local;
    private static String table;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("CallsTable");
        DynamoCallStore one = store(local, new ReadUnits(), 1);
        DynamoCallStore eight = store(local, new ReadUnits(), 8);
        for (int i = 0; i < CALLS; i++) {
            Instant at = T0.plusSeconds(i);
            one.apply(CallEvent.builder("c" + i, "one", EventType.NEW_CALL, at).direction(Direction.IN)
                    .from("+4930" + i).to("+4922").queue("support").ringingAt(at).build());
            eight.apply(CallEvent.builder("c" + i, "eight", EventType.NEW_CALL, at).direction(Direction.IN)
                    .from("+4930" + i).to("+4922").queue("support").ringingAt(at).build());
        }
    }

    private static DynamoCallStore store(LocalDynamo local, ReadUnits transport, int shards) {
        return new DynamoCallStore(local.client(transport), table, Duration.ofDays(365), ORGANIZATIONS, shards);
    }

    private static List<String> ids(Page<CallRecord> page) {
        return page.items().stream().map(CallRecord::callId).toList();
    }

    private static List<String> newest(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "c" + (CALLS - 1 - i)).toList();
    }

    @Test
    void aPageOnOneShardIsOneRequestOfThePagesSizeAndNoReadAfterItsLastItem() {
        ReadUnits reads = new ReadUnits();
        Page<CallRecord> page = store(local, reads, 1).recent("o1", null, PAGE, 1 << 20, call -> 1, null);
        assertEquals(newest(PAGE), ids(page));
        assertEquals(1, reads.reads().size(), "no second page after the 60th entry: " + reads.reads());
        assertEquals(PAGE, reads.reads().get(0).limit());
        assertEquals(PAGE, reads.reads().get(0).count());

        reads.reset();
        Page<CallRecord> next = store(local, reads, 1).recent("o1", null, PAGE, 1 << 20, call -> 1,
                page.nextToken());
        assertEquals(newest(2 * PAGE).subList(PAGE, 2 * PAGE), ids(next), "the token continues after the 60th");
        assertEquals(1, reads.reads().size());
    }

    @Test
    void aPageOnEightShardsReadsEachShardAboutItsShareAndFewerUnitsPerShardThanOneShard() {
        ReadUnits single = new ReadUnits();
        store(local, single, 1).recent("o1", null, PAGE, 1 << 20, call -> 1, null);
        double singleShardUnits = single.units();

        ReadUnits reads = new ReadUnits();
        Page<CallRecord> page = store(local, reads, 8).recent("o8", null, PAGE, 1 << 20, call -> 1, null);

        assertEquals(newest(PAGE), ids(page), "merged in order across the shards");
        List<ReadUnits.Read> all = reads.reads();
        assertEquals(8, all.stream().map(ReadUnits.Read::partition).distinct().count());
        all.subList(0, 8).forEach(read -> assertEquals(MergedQuery.MIN_FETCH, read.limit(),
                "the first read of each shard asks for its share of 60: " + read));
        int itemsRead = all.stream().mapToInt(ReadUnits.Read::count).sum();
        assertTrue(itemsRead <= PAGE + 8 * MergedQuery.MIN_FETCH,
                "items read " + itemsRead + " for a page of " + PAGE + " (each shard a full page: 480): " + all);
        Map<String, Double> perShard = new HashMap<>();
        all.forEach(read -> perShard.merge(read.partition(), read.units(), Double::sum));
        double hottest = perShard.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(hottest < singleShardUnits, "per shard " + perShard + " vs one shard " + singleShardUnits);
    }

    @Test
    void raisingAnOrganizationsShardCountLosesNoCallFromTheLogAndSpreadsTheNewOnes() {
        String calls = local.createTables().get("CallsTable");
        java.util.concurrent.atomic.AtomicReference<io.callhook.config.ShardCounts> counts =
                new java.util.concurrent.atomic.AtomicReference<>(io.callhook.config.ShardCounts.parse("", 1));
        DynamoCallStore store = new DynamoCallStore(local.client(), calls, Duration.ofDays(365),
                () -> ORGANIZATIONS, counts::get);
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                // the config table's OrganizationShards entry o8:8, as a function sees it after its cache expired
                counts.set(io.callhook.config.ShardCounts.parse("o8:8", 1));
            }
            Instant at = T0.plusSeconds(i);
            store.apply(CallEvent.builder("r" + i, "eight", EventType.NEW_CALL, at).direction(Direction.IN)
                    .from("+4930" + i).to("+4922").queue("support").ringingAt(at).build());
            store.apply(CallEvent.builder("r" + i, "eight", EventType.HANGUP, at.plusSeconds(5))
                    .direction(Direction.IN).endedAt(at.plusSeconds(5)).build());
        }
        List<String> expected = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "r" + (39 - i)).toList();
        assertEquals(expected, ids(store.recent("o8", null, 60, 1 << 20, call -> 1, null)));
        assertEquals(expected, ids(store.recent("o8", "support", 60, 1 << 20, call -> 1, null)));
        java.util.Set<String> before = new java.util.TreeSet<>();
        java.util.Set<String> after = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            String key = "eight:r" + i;
            String shard = local.client().getItem(b -> b.tableName(calls).key(CallItemLayout.key(key)))
                    .item().get(CallItemLayout.ORGANIZATION_SHARD).s();
            (i < 20 ? before : after).add(shard);
        }
        assertEquals(java.util.Set.of("o8#0"), before, "written with one shard, and kept there");
        assertTrue(after.size() > 1, "the later calls spread over the eight: " + after);
        assertEquals(1, io.callhook.config.ShardCounts.parse("o8:8", 2).of("o1") - 1,
                "an organization without an entry has the default");
    }

    @Test
    void theFirstReadsOfTheShardsAreInFlightTogether() {
        CyclicBarrier together = new CyclicBarrier(8);
        AtomicInteger queries = new AtomicInteger();
        ReadUnits reads = new ReadUnits(() -> {
            if (queries.incrementAndGet() <= 8) {
                try {
                    // all eight first reads must arrive before any is sent; sequential reads would never get here
                    together.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the shards were not read in parallel", e);
                }
            }
        });
        Page<CallRecord> page = store(local, reads, 8).recent("o8", null, PAGE, 1 << 20, call -> 1, null);
        assertEquals(newest(PAGE), ids(page));
    }
}
