// Storage faults injected into the project's engine under the stream function: failed records are reported as
// batch item failures (nothing half-applied), and re-delivery from the lowest failed record, as Lambda does, ends
// with every missed call listed and counted exactly once.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.engine.Faults;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MissedCallsStorageFaultsTest {

    static Faults faults;

    @BeforeAll
    static void start() {
        MissedCallsHandlerTest.start();
        faults = LocalDynamo.shared().engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    static List<DynamodbEvent.DynamodbStreamRecord> missedCalls(String line, int count) {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(MissedCallsHandlerTest.change(MissedCallsHandlerTest.newCall(line + "-" + i, line)));
            records.add(MissedCallsHandlerTest.change(MissedCallsHandlerTest.hangup(line + "-" + i, "cancel")));
        }
        return records;
    }

    @Test
    void aStorageOutageFailsEveryRecordThatNeedsAWriteAndListsNothing() {
        List<DynamodbEvent.DynamodbStreamRecord> records = missedCalls("outage", 5);
        faults.add(Faults.Rule.on("TransactWriteItems").answer(Faults.Kind.INTERNAL_SERVER_ERROR));

        StreamsEventResponse response = MissedCallsHandlerTest.handler.handleRequest(
                MissedCallsHandlerTest.batch(records), null);

        assertTrue(!response.getBatchItemFailures().isEmpty(), "failures are reported, not swallowed");
        faults.clear();
        assertEquals(0, MissedCallsHandlerTest.count("outage"));
        assertEquals(List.of(), MissedCallsHandlerTest.entries("outage"));
        assertEquals(List.of(), MissedCallsHandlerTest.handler.handleRequest(
                MissedCallsHandlerTest.batch(redelivery(records, response)), null).getBatchItemFailures());
        assertEquals(5, MissedCallsHandlerTest.count("outage"));
        assertEquals(5, MissedCallsHandlerTest.entries("outage").size());
    }

    @Test
    void transactionConflictsOnTheMissedCallsTableAreRetriedInsideTheInvocationAndNoRecordFails() {
        LocalDynamo local = LocalDynamo.shared();
        Environment env = local.functionEnvironment("MissedCallsFunction", MissedCallsHandlerTest.tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", MissedCallsHandlerTest.bus.endpoint()));
        List<Integer> pauses = new CopyOnWriteArrayList<>();
        DynamoMissedCallStore missed = new DynamoMissedCallStore(local.client(),
                env.require(DynamoMissedCallStore.TABLE_VARIABLE), DynamoCallStore.shards(env), pauses::add);
        MissedCallsHandler handler = new MissedCallsHandler(missed,
                DynamoCallbackStore.fromEnvironment(local.client(), env), EventBridgePublisher.fromEnvironment(env),
                LineSettingsConfig.fromEnvironment(env));
        List<DynamodbEvent.DynamodbStreamRecord> records = missedCalls("contended", 3);
        Faults.Rule rule = faults.add(Faults.Rule.on("TransactWriteItems")
                .table(env.require(DynamoMissedCallStore.TABLE_VARIABLE))
                .answer(Faults.Kind.TRANSACTION_CONFLICT).times(5));

        StreamsEventResponse response = handler.handleRequest(MissedCallsHandlerTest.batch(records), null);

        assertEquals(List.of(), response.getBatchItemFailures(), "no record fails on a conflict");
        assertEquals(5, rule.fired());
        assertEquals(5, pauses.size(), "one backoff per conflict: " + pauses);
        assertEquals(3, MissedCallsHandlerTest.count("contended"));
        assertEquals(3, MissedCallsHandlerTest.entries("contended").size());
    }

    @Test
    void intermittentFaultsWithLambdaRedeliveryCountEveryMissedCallExactlyOnce() {
        List<DynamodbEvent.DynamodbStreamRecord> records = missedCalls("flaky", 20);
        Faults.Rule rule = faults.add(Faults.Rule.onAny().probability(0.3)
                .answer(Faults.Kind.INTERNAL_SERVER_ERROR));

        List<DynamodbEvent.DynamodbStreamRecord> pending = records;
        int deliveries = 0;
        while (!pending.isEmpty() && deliveries < 200) {
            StreamsEventResponse response = MissedCallsHandlerTest.handler.handleRequest(
                    MissedCallsHandlerTest.batch(pending), null);
            pending = redelivery(pending, response);
            deliveries++;
        }
        faults.clear();

        assertEquals(List.of(), pending, "every record was eventually processed");
        assertTrue(rule.fired() > 0, "faults were injected");
        assertEquals(20, MissedCallsHandlerTest.count("flaky"));
        assertEquals(20, MissedCallsHandlerTest.entries("flaky").size());
        var worklist = MissedCallsHandlerTest.callbacks.open("1", "flaky", 10, 1 << 20, e -> 1, null).items();
        assertEquals(1, worklist.size(), "one caller, one callback item");
        assertEquals(20, worklist.get(0).item().missCount(), "every miss on it exactly once");
        assertEquals(10, worklist.get(0).item().misses().stream().map(m -> m.callId()).distinct().count(),
                "the first ten listed, each once");
    }

    /** What Lambda sends next: the batch again from its lowest failed sequence number, or nothing. */
    static List<DynamodbEvent.DynamodbStreamRecord> redelivery(List<DynamodbEvent.DynamodbStreamRecord> batch,
                                                               StreamsEventResponse response) {
        if (response.getBatchItemFailures().isEmpty()) {
            return List.of();
        }
        long lowest = response.getBatchItemFailures().stream()
                .mapToLong(failure -> Long.parseLong(failure.getItemIdentifier())).min().orElseThrow();
        return batch.stream().filter(r -> Long.parseLong(r.getDynamodb().getSequenceNumber()) >= lowest).toList();
    }
}
