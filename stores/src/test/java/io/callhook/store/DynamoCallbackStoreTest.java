// Store tests of the callback worklist against the project's DynamoDB engine over HTTP, with the template's
// callbacks table (two index shards, so every list merges shards).
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallRecord;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoCallbackStoreTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-11-23");
    static final Set<String> VOICEMAIL = Set.of("voicemail");
    static DynamoCallbackStore store;
    static String table;
    /** Each test's own organization: call ids repeat across tests, and a call's newest version wins. */
    String org = "org-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        LocalDynamo dynamo = LocalDynamo.shared();
        Map<String, String> tables = dynamo.createTables();
        table = tables.get("CallbacksTable");
        store = new DynamoCallbackStore(dynamo.client(), table, 2, Duration.ofDays(365));
    }

    /** A call on {@code line} of organization {@code org}, {@code minute} minutes after T0, ended a minute later. */
    static CallRecord call(String org, String line, String id, Direction direction, String number, int minute,
                           String answeredBy) {
        Instant start = T0.plusSeconds(60L * minute);
        String from = direction == Direction.IN ? number : "+4922100";
        String to = direction == Direction.IN ? "+4922100" : number;
        return new CallRecord(id, "pbx", Set.of("newCall", "hangup"), direction, from, to, line, Set.of("emma"),
                answeredBy, start, start, answeredBy == null ? null : start.plusSeconds(10), start.plusSeconds(60),
                "cancel", Cause.CANCEL, null, Set.of(), Map.of(), null, start.plusSeconds(86400), org);
    }

    static List<CallbackStore.Entry> record(CallRecord call) {
        Optional<CallbackFact> fact = CallbackFact.of(call, VOICEMAIL);
        return store.record(call.organizationId(), call.id(), CallbackFact.version(call, fact), fact,
                call.expiresAt());
    }

    static List<CallbackStore.Entry> open(String organization, String line) {
        return store.open(organization, line, 300, 1 << 20, e -> 1, null).items();
    }

    static String line() {
        return "line-" + UUID.randomUUID();
    }

    @Test
    void everyLinesOpenItemsInOneListOldestFirstAndTheMarkerMovesWithEveryChange() {
        String support = line();
        String sales = line();
        String before = store.changeMarker(org);
        record(call(org, support, "a1", Direction.IN, "+4930111", 3, null));
        String afterMiss = store.changeMarker(org);
        assertTrue(!afterMiss.equals(before), "a miss that opens an item raises the marker");
        record(call(org, sales, "b1", Direction.IN, "+4930222", 1, null));
        record(call(org, support, "c1", Direction.IN, "+4930333", 2, null));
        record(call("other-" + UUID.randomUUID(), sales, "d1", Direction.IN, "+4930444", 0, null));
        List<CallbackStore.Entry> all = store.open(org, null, entry -> true, 1000, 300, 1 << 20, e -> 1, null)
                .items();
        assertEquals(List.of("+4930222", "+4930333", "+4930111"), all.stream().map(e -> e.item().number()).toList(),
                "every line, oldest first miss first, this organization only");
        // paged by one, filtered: each page examines at most 2 items, the pages end
        List<String> filtered = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<CallbackStore.Entry> page = store.open(org, null, e -> !e.item().number().equals("+4930333"), 2, 1,
                    1 << 20, e -> 1, token);
            page.items().forEach(e -> filtered.add(e.item().number()));
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(List.of("+4930222", "+4930111"), filtered);

        String beforeClaim = store.changeMarker(org);
        store.claim(org, all.get(0).item().id(), "a1", T0.plusSeconds(600));
        assertTrue(!store.changeMarker(org).equals(beforeClaim), "a claim raises it");
        String settled = store.changeMarker(org);
        record(call(org, support, "a1", Direction.IN, "+4930111", 3, null));
        assertEquals(settled, store.changeMarker(org), "a record that changes no item leaves it");
        record(call(org, support, "a1", Direction.IN, "+4930111", 3, "emma"));
        assertTrue(!store.changeMarker(org).equals(settled), "an answer that takes the miss back raises it");
        assertEquals(List.of("+4930222", "+4930333"), store.open(org, null, entry -> true, 1000, 300, 1 << 20,
                e -> 1, null).items().stream().map(e -> e.item().number()).toList(), "the retracted item is gone");
    }

    @Test
    void missesFromOneNumberMakeOneOpenItemListedOldestFirstAndOnlyInItsOrganization() {
        String line = line();
        List<CallbackStore.Entry> opened = record(call(org, line, "m2", Direction.IN, "+4930111", 5, null));
        record(call(org, line, "m1", Direction.IN, "+4930111", 1, null));
        record(call(org, line, "n1", Direction.IN, "+4930222", 0, null));
        record(call(org, line, "m1", Direction.IN, "+4930111", 1, null));

        assertEquals(List.of(CallbackItem.State.OPEN), opened.stream().map(e -> e.item().state()).toList(),
                "a new item is to be announced");
        List<CallbackStore.Entry> items = open(org, line);
        assertEquals(List.of("+4930222", "+4930111"), items.stream().map(e -> e.item().number()).toList());
        assertEquals(List.of("pbx:m1", "pbx:m2"), items.get(1).item().misses().stream()
                .map(CallbackItem.Miss::callId).toList());
        String id = items.get(1).item().id();
        assertEquals(items.get(1).item(), store.item(org, id).orElseThrow().item());
        assertEquals(Optional.empty(), store.item("2", id), "another organization's item is a missing one");
        assertEquals(List.of(), open("2", line));
        assertThrows(UnknownCallbackException.class, () -> store.claim("2", id, "b1", T0));
    }

    @Test
    void oneAgentHoldsAnItemAndAnotherIsToldWho() {
        String line = line();
        record(call(org, line, "m1", Direction.IN, "+4930111", 0, null));
        String id = open(org, line).get(0).item().id();

        assertEquals("a1", store.claim(org, id, "a1", T0).claimedBy());
        assertEquals("a1", store.claim(org, id, "a1", T0.plusSeconds(5)).claimedBy(), "claiming again is a no-op");
        CallbackConflictException taken = assertThrows(CallbackConflictException.class,
                () -> store.claim(org, id, "a2", T0));
        assertEquals("a1", taken.holder());
        assertThrows(CallbackConflictException.class, () -> store.release(org, id, "a2"));
        assertThrows(CallbackConflictException.class, () -> store.close(org, id, "a2", "wrong_number", T0));
        assertEquals(T0, store.item(org, id).orElseThrow().claimedAt());

        assertNull(store.release(org, id, "a1").claimedBy());
        assertNull(store.release(org, id, "a1").claimedBy(), "releasing again is a no-op");
        assertEquals("a2", store.claim(org, id, "a2", T0).claimedBy());
        record(call(org, line, "m2", Direction.IN, "+4930111", 3, null));
        assertEquals("a2", store.item(org, id).orElseThrow().claimedBy(), "a recomputation keeps the claim");
    }

    @Test
    void aHandClosedItemStaysClosedAndALaterMissOpensANewItem() {
        String line = line();
        record(call(org, line, "m1", Direction.IN, "+4930111", 0, null));
        String id = open(org, line).get(0).item().id();

        CallbackStore.Entry closed = store.close(org, id, "a1", "resolved_elsewhere", T0.plusSeconds(600));
        assertEquals(CallbackItem.State.CLOSED, closed.item().state());
        assertEquals("resolved_elsewhere", closed.item().closure().reason());
        assertEquals(closed, store.close(org, id, "a2", "other words", T0.plusSeconds(700)), "closing again");
        assertEquals(List.of(), open(org, line));
        assertThrows(CallbackConflictException.class, () -> store.claim(org, id, "a1", T0));

        record(call(org, line, "late", Direction.IN, "+4930111", 5, null));
        record(call(org, line, "m2", Direction.IN, "+4930111", 20, null));
        assertEquals(2, store.item(org, id).orElseThrow().item().misses().size(), "the late miss joins the closed");
        List<CallbackStore.Entry> reopened = open(org, line);
        assertEquals(1, reopened.size());
        assertEquals(List.of("pbx:m2"), reopened.get(0).item().misses().stream().map(CallbackItem.Miss::callId)
                .toList());
    }

    @Test
    void aCallbackResolvesTheItemAndAResolvedItemCannotBeClosedOrClaimed() {
        String line = line();
        record(call(org, line, "m1", Direction.IN, "+4930111", 0, null));
        record(call(org, line, "o1", Direction.OUT, "+4930111", 10, null));
        CallbackItem open = open(org, line).get(0).item();
        assertEquals(1, open.attempts());

        List<CallbackStore.Entry> pending = record(call(org, line, "o2", Direction.OUT, "+4930111", 20, "+4930111"));
        assertEquals(List.of(CallbackItem.State.RESOLVED), pending.stream().map(e -> e.item().state()).toList());
        CallbackItem resolved = store.item(org, open.id()).orElseThrow().item();
        assertEquals("callback", resolved.resolution().how().wire());
        assertEquals(20 * 60 + 10, resolved.resolution().secondsToResolve());
        assertEquals(List.of(), open(org, line));
        assertThrows(CallbackConflictException.class, () -> store.close(org, open.id(), "a1", "x", T0));
        assertThrows(CallbackConflictException.class, () -> store.claim(org, open.id(), "a1", T0));
    }

    @Test
    void aLateAnswerRetractsTheOnlyMissAndAnOlderImageChangesNothingAfterwards() {
        String line = line();
        CallRecord missed = call(org, line, "m1", Direction.IN, "+4930111", 0, null);
        CallRecord answered = call(org, line, "m1", Direction.IN, "+4930111", 0, "emma");
        record(missed);
        String id = open(org, line).get(0).item().id();
        store.announced(open(org, line).get(0));

        List<CallbackStore.Entry> pending = record(answered);
        assertEquals(List.of(CallbackItem.State.RETRACTED), pending.stream().map(e -> e.item().state()).toList());
        pending.forEach(store::announced);
        assertEquals(Optional.empty(), store.item(org, id));
        assertEquals(List.of(), record(missed), "the older image is ignored");
        assertEquals(List.of(), open(org, line));
    }

    /**
     * Issue 20 item 9 over the engine: two misses of one number on one line make one item; an agent claims it; the
     * first call's answer arrives late. The item keeps its id, its claim and the second miss; nothing is retracted
     * and no other item opens, so nothing is to be announced.
     */
    @Test
    void aLateAnswerToTheFirstMissKeepsTheClaimedItemWithItsOtherMiss() {
        String line = line();
        record(call(org, line, "m1", Direction.IN, "+4930111", 0, null));
        record(call(org, line, "m2", Direction.IN, "+4930111", 5, null));
        CallbackStore.Entry claimed = open(org, line).get(0);
        store.announced(claimed);
        String id = claimed.item().id();
        assertEquals(2, claimed.item().misses().size());
        store.claim(org, id, "a1", T0.plusSeconds(600));

        List<CallbackStore.Entry> pending = record(call(org, line, "m1", Direction.IN, "+4930111", 0, "emma"));

        assertEquals(List.of(), pending, "no item retracted, none opened");
        CallbackStore.Entry after = store.item(org, id).orElseThrow();
        assertEquals(CallbackItem.State.OPEN, after.item().state());
        assertEquals("a1", after.claimedBy());
        assertEquals(T0.plusSeconds(600), after.claimedAt());
        assertEquals(List.of("pbx:m2"), after.item().misses().stream().map(CallbackItem.Miss::callId).toList());
        assertEquals(List.of(id), open(org, line).stream().map(e -> e.item().id()).toList());
    }

    @Test
    void aCallWhoseLineBecameKnownMovesItsMissToTheOtherLine() {
        String line = line();
        CallRecord unknownLine = call(org, null, "m1", Direction.IN, "+4930111", 0, null);
        CallRecord known = new CallRecord("m1", "pbx", Set.of("newCall", "hangup", "answer-not"), Direction.IN,
                "+4930111", "+4922100", line, Set.of("emma"), null, T0, T0, null, T0.plusSeconds(60), "cancel",
                Cause.CANCEL, null, Set.of(), Map.of(), null, T0.plusSeconds(86400), org);
        record(unknownLine);
        assertEquals(1, open(org, "+4922100").stream().filter(e -> e.item().misses().get(0).callId()
                .equals("pbx:m1")).count());
        record(known);
        assertEquals(0, open(org, "+4922100").stream().filter(e -> e.item().misses().get(0).callId()
                .equals("pbx:m1")).count());
        assertEquals(1, open(org, line).size());
    }

    @Test
    void theSummaryCountsOpenItemsTheOldestAndTodaysResolutionsWithTheirMedian() {
        String line = line();
        for (int i = 0; i < 5; i++) {
            record(call(org, line, "m" + i, Direction.IN, "+49301110" + i, i, null));
        }
        record(call(org, line, "o0", Direction.OUT, "+493011100", 10, "x"));
        record(call(org, line, "o1", Direction.OUT, "+493011101", 31, "x"));
        record(call(org, line, "in2", Direction.IN, "+493011102", 40, "emma"));

        CallbackStore.Summary summary = store.summary(org, line, DAY, ZoneOffset.UTC);
        assertEquals(2, summary.openItems());
        assertEquals(T0.plusSeconds(180), summary.oldestFirstMissedAt());
        assertEquals(3, summary.resolvedToday());
        assertEquals(Map.of("callback", 2L, "caller_called_again", 1L), summary.resolvedByHow());
        // callbacks: 10 min 10 s after the first miss, and 30 min 10 s: the median of two is their mean
        assertEquals((610 + 1810) / 2, summary.medianSecondsToCallback());
        assertEquals(0, store.summary(org, line, DAY.plusDays(1), ZoneOffset.UTC).resolvedToday());
        assertEquals(0, store.summary("2", line, DAY, ZoneOffset.UTC).openItems());

        // the resolutions fall between 10:10 and 10:41 UTC on DAY: in Kiritimati (UTC+14) on the next local day,
        // in Pago Pago (UTC-11) on the day before, whose local day spans two UTC days (11:00 to 11:00 UTC)
        ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
        assertEquals(3, store.summary(org, line, DAY.plusDays(1), kiritimati).resolvedToday());
        assertEquals(0, store.summary(org, line, DAY, kiritimati).resolvedToday());
        ZoneId pagoPago = ZoneId.of("Pacific/Pago_Pago");
        CallbackStore.Summary western = store.summary(org, line, DAY.minusDays(1), pagoPago);
        assertEquals(3, western.resolvedToday());
        assertEquals((610 + 1810) / 2, western.medianSecondsToCallback());
        assertEquals(0, store.summary(org, line, DAY, pagoPago).resolvedToday());
    }

    @Test
    void openItemsComeInPagesBoundedByCountAndBytes() {
        String line = line();
        for (int i = 0; i < 7; i++) {
            record(call(org, line, "p" + i, Direction.IN, "+49302220" + i, i, null));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<CallbackStore.Entry> page = store.open(org, line, 3, 250, e -> 100, token);
            assertTrue(page.items().size() <= 2, "at most 2 items of 100 bytes fit in 250");
            page.items().forEach(e -> seen.add(e.item().misses().get(0).callId()));
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(List.of("pbx:p0", "pbx:p1", "pbx:p2", "pbx:p3", "pbx:p4", "pbx:p5", "pbx:p6"), seen);
        assertThrows(InvalidPageTokenException.class, () -> store.open("2", line, 3, 250, e -> 100,
                store.open(org, line, 1, 250, e -> 100, null).nextToken()), "a token of another organization");
    }

    @Test
    void concurrentChangesOfOneLineAndNumberLoseNothing() throws Exception {
        String line = line();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int minute = i;
                done.add(pool.submit(() -> record(call(org, line, "r" + minute, Direction.IN, "+4930777", minute,
                        null))));
            }
            done.add(pool.submit(() -> record(call(org, line, "back", Direction.OUT, "+4930777", 15, "x"))));
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        List<CallbackStore.Entry> open = open(org, line);
        assertEquals(1, open.size());
        // the callback and the miss of minute 15 start together: the tie goes by call id, pbx:back first
        assertEquals(15, open.get(0).item().missCount(), "the misses from minute 15 on");
        assertEquals(CallbackItem.MAX_LISTED_MISSES, open.get(0).item().misses().size(), "the first ten listed");
        assertEquals(T0.plusSeconds(60L * 29), open.get(0).item().lastMissedAt());
        CallbackItem resolved = store.item(org, CallbackItem.id(line, "+4930777", "0")).orElseThrow().item();
        assertEquals(15, resolved.missCount(), "the misses of minutes 0 to 14");
        assertEquals(CallbackItem.State.RESOLVED, resolved.state());
    }

    @Test
    void transactionConflictsAreReadAgainAndRetried() {
        String line = line();
        io.callhook.engine.Faults faults = LocalDynamo.shared().engine().faults();
        io.callhook.engine.Faults.Rule rule = faults.add(io.callhook.engine.Faults.Rule.on("TransactWriteItems")
                .table(table).answer(io.callhook.engine.Faults.Kind.TRANSACTION_CONFLICT).times(2));
        try {
            record(call(org, line, "t1", Direction.IN, "+4930888", 5, null));
            // a miss heard after a later one is recomputed, in transactions
            record(call(org, line, "t0", Direction.IN, "+4930888", 0, null));
        } finally {
            faults.clear();
        }
        assertEquals(2, rule.fired());
        assertEquals(1, open(org, line).size());
        assertEquals(2, open(org, line).get(0).item().missCount());
    }
}
