// What an agent's state-changing action costs in DynamoDB units, over every table and index, through the engine's
// unit accounting: the real handler on the sample events, the real stores, the engine over HTTP.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.engine.CapacityUnits;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AgentActionUnitsTest {

    static final Instant T0 = Instant.parse("2025-11-23T12:00:00Z");

    @Test
    void aDoneFlagWritesTheCallTheAuditEntryAndTheLogsMarkerOneUnitEach() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        Environment env = local.functionEnvironment("CallerLogFunction", tables, Map.of());
        DynamoAgentDirectory.fromEnvironment(local.client(), env).create(
                new Agent("a1", "emma", "emma@chrispresso.com", Set.of("+4930999"), "1"),
                TokenHashes.hashOf(CallerLogHandlerTest.AGENT_TOKEN));
        CallerLogHandler handler = new CallerLogHandler(env);
        DynamoCallStore calls = new DynamoCallStore(local.client(), tables.get("CallsTable"), Duration.ofDays(365));
        for (String id : new String[] {"units-1", "units-2", "units-3"}) {
            calls.apply(CallEvent.builder(id, "pbx", EventType.NEW_CALL, T0).direction(Direction.IN)
                    .from("+4930111").to("+49221").queue("units").ringingAt(T0).build());
        }
        APIGatewayV2HTTPEvent done = EventLoader.loadApiGatewayHttpEvent(
                CallerLogHandlerTest.EVENTS.resolve("done.json").toString());
        done.setPathParameters(Map.of("callId", "pbx:units-1"));
        done.setBody("{\"done\": true}");
        Map<String, Double> single = writeUnits(local, () -> assertEquals(200,
                handler.handleRequest(done, null).getStatusCode()));
        System.out.println("write units of one done flag, by table: " + single);
        assertEquals(Map.of("AuditTable", 1.0, "CallsTable", 1.0, "MissedCallsTable", 1.0), single,
                "the call's record (its keys-only indexes unchanged), one audit entry, the log's marker");

        APIGatewayV2HTTPEvent bulk = EventLoader.loadApiGatewayHttpEvent(
                CallerLogHandlerTest.EVENTS.resolve("done-bulk.json").toString());
        bulk.setBody("{\"ids\": [\"pbx:units-2\", \"pbx:units-3\"]}");
        Map<String, Double> both = writeUnits(local, () -> assertEquals(200,
                handler.handleRequest(bulk, null).getStatusCode()));
        System.out.println("write units of a bulk done of two calls, by table: " + both);
        assertEquals(1.0, both.get("AuditTable"), "one audit entry per action, whatever it changed");
        assertEquals(4.0, both.get("CallsTable"), "two calls, all or none: a transaction, charged twice");
        assertEquals(1.0, both.get("MissedCallsTable"), "one raise of the log's marker per action");
    }

    /** Write units per table (the template's logical name) that {@code action} took, indexes included. */
    private static Map<String, Double> writeUnits(LocalDynamo local, Runnable action) {
        CapacityUnits units = local.engine().units();
        units.start();
        units.reset();
        try {
            action.run();
        } finally {
            units.stop();
        }
        Map<String, Double> byTable = new TreeMap<>();
        for (CapacityUnits.Usage usage : units.usage()) {
            if (usage.writeUnits() > 0) {
                String table = usage.table();
                for (String logical : new String[] {"MissedCallsTable", "CallbacksTable", "AuditTable", "CallsTable"}) {
                    if (table.contains(logical)) {
                        table = logical;
                        break;
                    }
                }
                byTable.merge(table, usage.writeUnits(), Double::sum);
            }
        }
        return byTable;
    }
}
