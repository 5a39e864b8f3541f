// Issue 22: the callback worklist's cost per stream record does not grow with a caller's history. One number calls
// one line 1,000 times (600 calls as three misses and an answered call, then 400 misses in a row, one open item);
// every call's webhook events are written by the real call store and its stream records handed to the real stream
// function, and the engine's unit accounting (DynamoDB's billing rules) measures the callbacks table's read and
// write units, its index included, per record.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.call.CallEvent;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.engine.CapacityUnits;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallbackWorklistUnitsTest {

    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    static final int CALLS = 1000;

    private final LocalDynamo local = LocalDynamo.shared();
    private final DynamoDbJsonClient dynamo = local.client();
    private final Map<String, String> tables = local.createTables();
    private final DynamoCallbackStore callbacks = new DynamoCallbackStore(dynamo, tables.get("CallbacksTable"), 1,
            Duration.ofDays(365));
    private final MissedCallsHandler handler = new MissedCallsHandler(
            new DynamoMissedCallStore(dynamo, tables.get("MissedCallsTable")), callbacks, (type, detail) -> { },
            Set.of("voicemail"));
    private final DynamoCallStore calls = new DynamoCallStore(dynamo, tables.get("CallsTable"), Duration.ofDays(365),
            Organizations.parse("", "units"), 1);

    /** Read and write units of one stream record on the callbacks table (and its index). */
    record Cost(int call, double reads, double writes) {
    }

    @Test
    void readAndWriteUnitsPerStreamRecordStayFlatFromTheFirstToTheThousandthCallOfANumber() {
        local.engine().units().start();
        List<Cost> costs = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            boolean answered = i < 600 && i % 4 == 3;
            for (CallEvent event : events("c" + i, T0.plusSeconds(60L * i), answered)) {
                costs.add(deliver(i, event));
            }
        }
        for (int from : new int[] {0, 100, 300, 600, 990}) {
            System.out.printf("calls %d-%d: at most %.1f read and %.1f write units per stream record; %s%n", from,
                    from + 9, max(costs, from, from + 10, true), max(costs, from, from + 10, false),
                    costs.stream().filter(c -> c.call() >= from && c.call() < from + 4)
                            .map(c -> c.reads() + "R/" + c.writes() + "W").toList());
        }
        double firstReads = max(costs, 0, 10, true);
        double firstWrites = max(costs, 0, 10, false);
        // every kind of record happens among the first ten calls: a miss that opens an item, misses that join it,
        // the answer that resolves it, and the hang-ups after
        for (int from : new int[] {100, 300, 600, 990}) {
            assertTrue(max(costs, from, from + 10, true) <= firstReads, "read units per record after " + from
                    + " calls: " + max(costs, from, from + 10, true) + " > " + firstReads);
            assertTrue(max(costs, from, from + 10, false) <= firstWrites, "write units per record after " + from
                    + " calls: " + max(costs, from, from + 10, false) + " > " + firstWrites);
        }
        // a miss joining the open item costs the same after 1 and after 399 misses in it
        assertEquals(cost(costs, 602), cost(costs, 999));
        CallbackItem open = callbacks.open("units", "support", 10, 1 << 20, e -> 1, null).items().get(0).item();
        assertEquals(400, open.missCount());
        assertEquals(CallbackItem.MAX_LISTED_MISSES, open.misses().size());
        assertEquals(T0.plusSeconds(60L * (CALLS - 1)), open.lastMissedAt());
    }

    /** The callbacks table's units of one call's last stream record (its hang-up: the miss). */
    private static Cost cost(List<Cost> costs, int call) {
        return costs.stream().filter(c -> c.call() == call).reduce((a, b) -> b).map(c -> new Cost(0, c.reads(),
                c.writes())).orElseThrow();
    }

    private static double max(List<Cost> costs, int from, int to, boolean reads) {
        return costs.stream().filter(c -> c.call() >= from && c.call() < to)
                .mapToDouble(c -> reads ? c.reads() : c.writes()).max().orElseThrow();
    }

    private Cost deliver(int call, CallEvent event) {
        String key = "pbx:" + event.callId();
        Map<String, AttributeValue> before = item(key);
        calls.apply(event);
        DynamodbEvent batch = new DynamodbEvent();
        // the images are the stream's; reading them here is the harness's, on another table
        batch.setRecords(List.of(StreamRecords.change(CallItemLayout.key(key), before, item(key),
                Integer.toString(call))));
        CapacityUnits.Usage was = usage();
        assertEquals(List.of(), handler.handleRequest(batch, null).getBatchItemFailures());
        CapacityUnits.Usage now = usage();
        return new Cost(call, now.readUnits() - was.readUnits(), now.writeUnits() - was.writeUnits());
    }

    /** The callbacks table's units so far, its index included. */
    private CapacityUnits.Usage usage() {
        String table = tables.get("CallbacksTable");
        double reads = 0;
        double writes = 0;
        for (CapacityUnits.Usage usage : local.engine().units().usage()) {
            if (usage.table().equals(table)) {
                reads += usage.readUnits();
                writes += usage.writeUnits();
            }
        }
        return new CapacityUnits.Usage(table, null, reads, writes);
    }

    private Map<String, AttributeValue> item(String key) {
        var response = dynamo.getItem(b -> b.tableName(tables.get("CallsTable")).key(CallItemLayout.key(key))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /** One inbound call from the number: ringing, then hung up unanswered, or answered by emma and hung up. */
    static List<CallEvent> events(String callId, Instant start, boolean answered) {
        List<CallEvent> events = new ArrayList<>();
        events.add(CallEvent.builder(callId, "pbx", EventType.NEW_CALL, start).direction(Direction.IN)
                .from("+4930111222").to("+4922100").queue("support").ringingAt(start).build());
        if (answered) {
            events.add(CallEvent.builder(callId, "pbx", EventType.ANSWER, start.plusSeconds(10))
                    .direction(Direction.IN).answeredAt(start.plusSeconds(10)).answeredBy("emma").build());
        }
        events.add(CallEvent.builder(callId, "pbx", EventType.HANGUP, start.plusSeconds(40)).direction(Direction.IN)
                .endedAt(start.plusSeconds(40)).cause(answered ? "normalClearing" : "cancel",
                        answered ? Cause.NORMAL : Cause.CANCEL).build());
        return events;
    }
}
