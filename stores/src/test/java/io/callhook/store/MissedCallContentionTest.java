// Store tests against the project's DynamoDB engine over HTTP, with the template's missed-calls table: writes that
// lose a race to another writer (transaction conflicts injected into the engine, another writer's change made just
// before the store's request is sent) are read again, recomputed and retried inside the call, bounded, with the
// backoff injected (recorded, no sleeping).
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.Cause;
import io.callhook.call.MissReason;
import io.callhook.call.MissedCall;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.engine.Faults;
import io.callhook.testing.HookedTransport;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissedCallContentionTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private static LocalDynamo local;
    private static String table;
    private static DynamoMissedCallStore other;

    private final List<Integer> pauses = new CopyOnWriteArrayList<>();
    private final RequestCounter requests = new RequestCounter();
    private DynamoMissedCallStore store;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("MissedCallsTable");
        other = new DynamoMissedCallStore(local.client(), table, 2);
    }

    @BeforeEach
    void store() {
        store = new DynamoMissedCallStore(local.client(requests), table, 2, pauses::add);
    }

    @AfterEach
    void clearFaults() {
        local.engine().faults().clear();
    }

    private static MissedCall entry(String callId, String line, MissReason reason) {
        return new MissedCall("pbx:" + callId, "1", line, "+4930", "+4922", Set.of(), T0, T0.plusSeconds(30), 30L,
                Cause.CANCEL, "cancel", false, null, reason);
    }

    private static MissedCallStore.DayCount count(String line) {
        List<MissedCallStore.DayCount> counts = other.counts("1", line, DAY, DAY, 10).counts();
        return counts.isEmpty() ? null : counts.get(0);
    }

    private static List<MissedCall> listed(String line) {
        return other.entries("1", line, T0, T0.plusSeconds(1), 10, 1 << 20, e -> 1, null).items();
    }

    private static Faults.Rule conflicts(long times) {
        Faults.Rule rule = Faults.Rule.on("TransactWriteItems").table(table).answer(Faults.Kind.TRANSACTION_CONFLICT);
        return local.engine().faults().add(times < 0 ? rule : rule.times(times));
    }

    @Test
    void transactionConflictsAreRetriedAfterABackoffAndTheMissIsListedAndCountedOnce() {
        Faults.Rule rule = conflicts(3);
        assertTrue(store.record(entry("c1", "conflicts", MissReason.BUSY)));
        assertEquals(3, rule.fired());
        assertEquals(List.of(1, 2, 3), pauses, "a growing pause before each retry");
        assertEquals(4, requests.requests().stream().filter("TransactWriteItems"::equals).count(),
                "three conflicts and the write: " + requests.requests());
        assertEquals(1, count("conflicts").count());
        assertEquals(Map.of("busy", 1L), count("conflicts").reasons());
        assertEquals(1, listed("conflicts").size());

        pauses.clear();
        conflicts(2);
        assertTrue(store.retract(entry("c1", "conflicts", MissReason.BUSY)));
        assertEquals(List.of(1, 2), pauses);
        assertEquals(0, count("conflicts").count());
        assertEquals(List.of(), listed("conflicts"));
    }

    @Test
    void conflictsThatNeverEndFailTheWriteAfterTheBoundAndWriteNothing() {
        Faults.Rule rule = conflicts(-1);
        assertThrows(TransactionCanceledException.class,
                () -> store.record(entry("c2", "endless", MissReason.BUSY)));
        assertEquals(DynamoMissedCallStore.CONTENDED_ATTEMPTS, rule.fired());
        assertEquals(DynamoMissedCallStore.CONTENDED_ATTEMPTS - 1, pauses.size(), "no pause after the last attempt");
        local.engine().faults().clear();
        assertEquals(null, count("endless"));
        assertEquals(List.of(), listed("endless"));
    }

    @Test
    void anotherWritersChangeJustBeforeTheWriteIsReadAgainAndTheCountMovesToTheNewReason() {
        AtomicBoolean first = new AtomicBoolean(true);
        DynamoMissedCallStore raced = new DynamoMissedCallStore(local.client(HookedTransport.before(
                "TransactWriteItems", () -> {
                    if (first.getAndSet(false)) {
                        other.record(entry("c3", "race", MissReason.UNKNOWN));
                    }
                })), table, 2, pauses::add);

        assertFalse(raced.record(entry("c3", "race", MissReason.ABANDONED)), "the other writer listed it first");
        assertEquals(1, count("race").count(), "counted once");
        assertEquals(Map.of("abandoned", 1L), count("race").reasons(), "recomputed from the stored reason");
        assertEquals(MissReason.ABANDONED, listed("race").get(0).reason());
        assertEquals(List.of(), pauses, "a condition race needs no pause: the failure brought the stored entry");
    }
}
