// The callback worklist's move to E.164 keys against the project's DynamoDB engine over HTTP: groups of one number's
// spellings merge into what the worklist makes of their facts keyed the new way from the start; twice is once; a run
// stopped by storage faults is finished by the next.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.MissSettings;
import io.callhook.contact.NumberKeys;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.engine.Faults;
import io.callhook.testing.LocalDynamo;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackKeyMigrationTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String ORG = "1";
    static final String LINE = "support";
    static final MissSettings RULES = MissSettings.of(Set.of("voicemail"));
    static final UnaryOperator<String> E164 = number -> NumberKeys.worklist(number, "DE");

    @AfterEach
    void clearFaults() {
        LocalDynamo.shared().engine().faults().clear();
    }

    /** One number's calls in four spellings (a miss, a miss, the callback, two more misses), and two others. */
    static List<CallRecord> calls() {
        return List.of(call("a1", Direction.IN, "030 111", 1, null), call("a2", Direction.IN, "0049 30 111", 2, null),
                call("a3", Direction.OUT, "+49 30 111", 3, "emma"), call("a4", Direction.IN, "+4930111", 5, null),
                call("a5", Direction.IN, "030111", 6, null), call("b1", Direction.IN, "+4940222", 1, null),
                call("c1", Direction.IN, "040 333", 2, null));
    }

    static CallRecord call(String id, Direction direction, String number, int minute, String answeredBy) {
        Instant start = T0.plusSeconds(60L * minute);
        String from = direction == Direction.IN ? number : "+4922100";
        String to = direction == Direction.IN ? "+4922100" : number;
        return new CallRecord(id, "pbx", Set.of("newCall", "hangup"), direction, from, to, LINE, Set.of("emma"),
                answeredBy, start, start, answeredBy == null ? null : start.plusSeconds(10), start.plusSeconds(60),
                "cancel", Cause.CANCEL, null, Set.of(), Map.of(), null, start.plusSeconds(86400), ORG);
    }

    /** A worklist on its own tables. */
    record Worklist(DynamoCallbackStore store, String table) {

        static Worklist fresh() {
            LocalDynamo local = LocalDynamo.shared();
            String table = local.createTables().get("CallbacksTable");
            return new Worklist(new DynamoCallbackStore(local.client(), table, 2, Duration.ofDays(365)), table);
        }

        void record(CallRecord call, UnaryOperator<String> key) {
            Optional<CallbackFact> fact = CallbackFact.of(call, RULES, key);
            store.record(ORG, call.id(), CallbackFact.version(call, fact), fact, call.expiresAt());
        }

        /** The item holding the miss of {@code callId}. */
        CallbackItem holding(String callId) {
            return items().stream().map(CallbackStore.Entry::item)
                    .filter(item -> item.misses().stream().anyMatch(miss -> miss.callId().equals(callId)))
                    .findFirst().orElseThrow();
        }

        /** Every item that is not retracted, with its claim, by id. */
        List<CallbackStore.Entry> items() {
            return everything().stream().filter(i -> i.get(CallbackItemLayout.SK).s().startsWith("i#"))
                    .map(CallbackItemLayout::entry)
                    .filter(entry -> entry.item().state() != CallbackItem.State.RETRACTED)
                    .sorted(Comparator.comparing(entry -> entry.item().id())).toList();
        }

        /** What the worklist shows: each item and its holder. */
        List<List<Object>> shown() {
            return items().stream().map(e -> List.<Object>of(e.item(), String.valueOf(e.claimedBy()))).toList();
        }

        List<Map<String, AttributeValue>> everything() {
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            LocalDynamo.shared().client().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                    .forEach(all::add);
            all.sort(Comparator.comparing(i -> i.get("pk").s() + "\n" + i.get("sk").s()));
            return all;
        }

        CallbackKeyMigration migration() {
            return new CallbackKeyMigration(LocalDynamo.shared().client(), table, store);
        }
    }

    /** The calls heard under today's keys, emma's claim on a4's item, c1's item closed. */
    static Worklist old() {
        Worklist old = Worklist.fresh();
        calls().forEach(call -> old.record(call, UnaryOperator.identity()));
        old.store.claim(ORG, old.holding("pbx:a4").id(), "emma", T0.plusSeconds(600));
        old.store.close(ORG, old.holding("pbx:c1").id(), "emma", "wrong_number", T0.plusSeconds(700));
        return old;
    }

    /** The same, had the calls always been keyed in E.164. */
    static Worklist reference() {
        Worklist reference = Worklist.fresh();
        calls().forEach(call -> reference.record(call, E164));
        reference.store.claim(ORG, reference.holding("pbx:a4").id(), "emma", T0.plusSeconds(600));
        reference.store.close(ORG, reference.holding("pbx:c1").id(), "emma", "wrong_number", T0.plusSeconds(700));
        return reference;
    }

    @Test
    void fourSpellingsMergeIntoWhatTheWorklistMakesOfTheirFactsAndASecondRunChangesNothing() {
        Worklist old = old();
        assertEquals(5, old.items().size(), "before: one group per spelling (030111 twice)");
        Worklist reference = reference();

        List<CallbackKeyMigration.Move> planned = old.migration().plan(ORG, E164);
        List<Map<String, AttributeValue>> untouched = old.everything();
        assertEquals(untouched, old.everything(), "a dry run writes nothing");
        assertEquals(List.of("+4930111", "+4940333"), planned.stream().map(CallbackKeyMigration.Move::subject)
                .toList(), "+4940222 is in E.164 already");
        CallbackKeyMigration.Move merge = planned.get(0);
        assertEquals(Set.of("030111", "004930111"), Set.copyOf(merge.sources()), "into +4930111's own group");
        assertEquals(List.of(CallbackItem.State.RESOLVED, CallbackItem.State.OPEN),
                merge.after().stream().map(CallbackItem::state).toList());

        old.migration().migrate(ORG, E164);
        assertEquals(reference.shown(), old.shown(), "as if keyed in E.164 from the start, emma's claim kept");
        CallbackItem open = old.holding("pbx:a4");
        assertEquals(List.of("pbx:a4", "pbx:a5"), open.misses().stream().map(CallbackItem.Miss::callId).toList());
        assertEquals("+4930111", open.number());

        List<Map<String, AttributeValue>> after = old.everything();
        assertEquals(List.of(), old.migration().migrate(ORG, E164), "nothing left to move");
        assertEquals(after, old.everything(), "a second run writes nothing");

        // the stream function's next image of a moved call (keyed the new way) finds it where it is
        calls().forEach(call -> old.record(call, E164));
        assertEquals(reference.shown(), old.shown());
    }

    @Test
    void aRunStoppedByStorageFaultsIsFinishedByTheNext() {
        Worklist reference = reference();
        for (String operation : List.of("UpdateItem", "TransactWriteItems", "Query")) {
            Worklist old = old();
            Faults faults = LocalDynamo.shared().engine().faults();
            faults.add(Faults.Rule.on(operation).table(old.table()).answer(Faults.Kind.INTERNAL_SERVER_ERROR)
                    .times(1000));
            assertThrows(RuntimeException.class, () -> old.migration().migrate(ORG, E164), operation);
            faults.clear();
            assertTrue(!old.migration().plan(ORG, E164).isEmpty(), "stopped half way: " + operation);
            old.migration().migrate(ORG, E164);
            assertEquals(reference.shown(), old.shown(), "finished after a stop at " + operation);
            List<Map<String, AttributeValue>> after = old.everything();
            old.migration().migrate(ORG, E164);
            assertEquals(after, old.everything());
        }
    }
}
