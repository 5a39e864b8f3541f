// DynamoCallStore against the project's engine with injected faults: the transaction that links a forwarded call
// to its predecessor is retried on TransactionConflict, and gives up (writing nothing) when conflicts persist.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.engine.Faults;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CallStoreFaultsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static DynamoCallStore store;
    private static String table;
    private static Faults faults;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        table = tables.get("CallsTable");
        store = new DynamoCallStore(local.client(), table, Duration.ofDays(365));
        faults = local.engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    private static CallEvent forwarded(String callId, String previous) {
        return CallEvent.builder(callId, "pbx", EventType.NEW_CALL, T0).direction(Direction.IN).from("+4930111")
                .to("+4922199").users(Set.of("Emma Taylor")).ringingAt(T0).previousCallId(previous).build();
    }

    @Test
    void transactionConflictsBelowTheAttemptLimitAreRetriedUntilTheLinkIsWritten() {
        Faults.Rule rule = faults.add(Faults.Rule.on("TransactWriteItems").table(table)
                .times(DynamoCallStore.TRANSACTION_ATTEMPTS - 1).answer(Faults.Kind.TRANSACTION_CONFLICT));

        store.apply(forwarded("conflict-next", "conflict-first"));

        assertEquals(DynamoCallStore.TRANSACTION_ATTEMPTS - 1, rule.fired());
        assertEquals("conflict-first", store.find("pbx:conflict-next").orElseThrow().previousCallId());
        assertEquals(Set.of("conflict-next"), store.find("pbx:conflict-first").orElseThrow().nextCallIds());
    }

    @Test
    void persistentConflictsFailTheEventAndWriteNeitherCall() {
        faults.add(Faults.Rule.on("TransactWriteItems").table(table).answer(Faults.Kind.TRANSACTION_CONFLICT));

        TransactionCanceledException error = assertThrows(TransactionCanceledException.class,
                () -> store.apply(forwarded("stuck-next", "stuck-first")));

        assertTrue(error.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code())));
        faults.clear();
        assertTrue(store.find("pbx:stuck-next").isEmpty());
        assertTrue(store.find("pbx:stuck-first").isEmpty());
    }
}
