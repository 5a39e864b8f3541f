// Store tests against the project's DynamoDB engine over HTTP, with the template's missed-calls table: miss reasons
// on entries and per-reason day counts, exact under replay, reason changes and stale retractions.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.Cause;
import io.callhook.call.MissReason;
import io.callhook.call.MissedCall;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.testing.LocalDynamo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MissedCallReasonsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private static DynamoDbJsonClient client;
    private static String table;
    private static DynamoMissedCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo dynamo = LocalDynamo.shared();
        table = dynamo.createTables().get("MissedCallsTable");
        client = dynamo.client();
        store = new DynamoMissedCallStore(client, table, 2);
    }

    static MissedCall entry(String callId, String line, MissReason reason) {
        return new MissedCall("pbx:" + callId, "1", line, "+4930", "+4922", Set.of(), T0, T0.plusSeconds(30), 30L,
                Cause.CANCEL, "cancel", false, null, reason);
    }

    private static List<MissedCall> listed(String line) {
        return store.entries("1", line, T0, T0.plusSeconds(1), 10, 1 << 20, e -> 1, null).items();
    }

    private static MissedCallStore.DayCount count(String line) {
        List<MissedCallStore.DayCount> counts = store.counts("1", line, DAY, DAY, 10).counts();
        assertEquals(1, counts.size(), counts.toString());
        return counts.get(0);
    }

    @Test
    void entriesAreCountedInTotalAndPerReasonAndAReplayChangesNothing() {
        assertTrue(store.record(entry("r1", "reasons", MissReason.BUSY)));
        assertTrue(store.record(entry("r2", "reasons", MissReason.ABANDONED)));
        assertTrue(store.record(entry("r3", "reasons", MissReason.BUSY)));
        assertFalse(store.record(entry("r1", "reasons", MissReason.BUSY)));
        assertEquals(3, count("reasons").count());
        assertEquals(Map.of("busy", 2L, "abandoned", 1L), count("reasons").reasons());
        assertEquals(Set.of(MissReason.BUSY, MissReason.ABANDONED),
                Set.copyOf(listed("reasons").stream().map(MissedCall::reason).toList()));
    }

    @Test
    void aChangedReasonMovesTheCountAndATotalStaysExact() {
        store.record(entry("m1", "moves", MissReason.UNKNOWN));
        assertEquals(Map.of("unknown", 1L), count("moves").reasons());
        assertFalse(store.record(entry("m1", "moves", MissReason.ABANDONED)));
        assertFalse(store.record(entry("m1", "moves", MissReason.ABANDONED)));
        assertEquals(1, count("moves").count());
        assertEquals(Map.of("abandoned", 1L), count("moves").reasons());
        assertEquals(MissReason.ABANDONED, listed("moves").get(0).reason());

        assertTrue(store.retract(entry("m1", "moves", MissReason.UNKNOWN)), "a stale reason still retracts");
        assertFalse(store.retract(entry("m1", "moves", MissReason.ABANDONED)));
        assertEquals(0, count("moves").count());
        assertEquals(Map.of(), count("moves").reasons());
    }

    @Test
    void anEntryWrittenBeforeReasonsGetsOneWithoutBeingCountedTwice() {
        MissedCall legacy = entry("l1", "legacy", MissReason.VOICEMAIL);
        Map<String, AttributeValue> item = new HashMap<>(store.item(legacy));
        item.remove(DynamoMissedCallStore.REASON);
        client.putItem(b -> b.tableName(table).item(item));
        client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("count#1#" + CallKeys.shardOf(legacy.callId(), 2) + "#legacy"),
                        "sk", AttributeValue.fromS(DAY.toString())))
                .updateExpression("SET line = :l, #d = :d ADD n :one")
                .expressionAttributeNames(Map.of("#d", "day"))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS("legacy"),
                        ":d", AttributeValue.fromS(DAY.toString()), ":one", AttributeValue.fromN("1"))));

        assertFalse(store.record(legacy));
        assertEquals(1, count("legacy").count());
        assertEquals(Map.of("voicemail", 1L), count("legacy").reasons());
        assertTrue(store.retract(legacy));
        assertEquals(0, count("legacy").count());
        assertEquals(Map.of(), count("legacy").reasons());
    }
}
