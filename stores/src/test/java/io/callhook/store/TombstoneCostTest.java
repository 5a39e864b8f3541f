// The erasure tombstone's cost on the webhook write path, measured with the engine's capacity accounting: the same
// call events written with the write path's requests (which carry the tombstone condition) and with the same
// requests without it, each into its own table.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.UpdateItemRequest;
import io.callhook.engine.CapacityUnits;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TombstoneCostTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void theTombstoneConditionCostsNoReadAndNoWriteUnitPerCallEvent() {
        LocalDynamo local = LocalDynamo.shared();
        DynamoDbJsonClient dynamo = local.client();
        String with = local.createTables().get("CallsTable");
        String without = local.createTables().get("CallsTable");
        DynamoCallStore store = new DynamoCallStore(dynamo, with, Duration.ofDays(365));
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "cost-" + i;
            Instant at = T0.plusSeconds(60L * i);
            events.add(CallEvent.builder(id, "pbx", EventType.NEW_CALL, at).direction(Direction.IN)
                    .from("+49 30 " + (23125700 + i)).to("+4922100").queue("support").users(java.util.Set.of("emma"))
                    .ringingAt(at).build());
            if (i % 2 == 0) {
                events.add(CallEvent.builder(id, "pbx", EventType.ANSWER, at.plusSeconds(5)).answeredBy("emma")
                        .answeredAt(at.plusSeconds(5)).build());
            }
            events.add(CallEvent.builder(id, "pbx", EventType.HANGUP, at.plusSeconds(30)).endedAt(at.plusSeconds(30))
                    .cause("normalClearing", Cause.NORMAL).build());
        }
        CapacityUnits units = local.engine().units();
        units.start();
        units.reset();
        for (CallEvent event : events) {
            UpdateItemRequest request = store.updateFor(event, "1", 1);
            assertTrue(request.conditionExpression().contains("attribute_not_exists"), "the write path checks it");
            dynamo.updateItem(request);
            String placeholder = request.conditionExpression().replaceAll(".*attribute_not_exists\\((#[^)]+)\\).*",
                    "$1");
            Map<String, String> names = new java.util.HashMap<>(request.expressionAttributeNames());
            names.remove(placeholder);
            dynamo.updateItem(request.toBuilder().tableName(without).conditionExpression(null)
                    .expressionAttributeNames(names).build());
        }
        Map<String, double[]> byTable = new java.util.HashMap<>();
        for (CapacityUnits.Usage usage : units.usage()) {
            double[] sums = byTable.computeIfAbsent(usage.table(), t -> new double[2]);
            sums[0] += usage.readUnits();
            sums[1] += usage.writeUnits();
        }
        units.stop();
        double[] checked = byTable.get(with);
        double[] plain = byTable.get(without);
        System.out.printf("write units per call event: %.3f with the tombstone condition, %.3f without;"
                + " read units %.3f and %.3f (%d events)%n", checked[1] / events.size(), plain[1] / events.size(),
                checked[0], plain[0], events.size());
        assertEquals(plain[1], checked[1], 1e-9, "write units, table and indexes");
        assertEquals(0, checked[0], 1e-9, "read units");
        assertEquals(plain[0], checked[0], 1e-9);
    }
}
