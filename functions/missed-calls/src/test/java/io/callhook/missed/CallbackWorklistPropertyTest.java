// Property tests of the callback worklist through the stream function: calls whose webhook events arrive in any
// order are written by the real call store; the stream records that makes are handed to one handler in order and
// to another shuffled, repeated and cut into random batches (old images after new ones included). Both worklists,
// on the DynamoDB engine, must end the same, every item announced, and as the pure rules say for the final calls;
// and claims made before inbound answers arrive late stay with their items as the rules say.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.call.CallEvent;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.worklist.WorklistFromFacts;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallbackStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

class CallbackWorklistPropertyTest {

    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    static final Set<String> VOICEMAIL = Set.of("voicemail");
    static final String[] NUMBERS = {"+4930111", "+4930222", "anonymous"};
    static final AtomicInteger TRIES = new AtomicInteger();

    static DynamoDbJsonClient dynamo;
    static String callsTable;
    static Side inOrder;
    static Side shuffled;

    /** One worklist: its tables, its store and the stream function over them. */
    record Side(String callbacksTable, DynamoCallbackStore store, MissedCallsHandler handler) {
        static Side create(LocalDynamo local) {
            Map<String, String> tables = local.createTables();
            String callbacks = tables.get("CallbacksTable");
            DynamoCallbackStore store = new DynamoCallbackStore(dynamo, callbacks, 2, Duration.ofDays(365));
            return new Side(callbacks, store, new MissedCallsHandler(
                    new DynamoMissedCallStore(dynamo, tables.get("MissedCallsTable")), store, (type, detail) -> { },
                    VOICEMAIL));
        }
    }

    @BeforeContainer
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        dynamo = local.client();
        callsTable = local.createTables().get("CallsTable");
        inOrder = Side.create(local);
        shuffled = Side.create(local);
    }

    /**
     * One call: inbound or outbound, with one of the numbers (inbound from {@code anonymous} too), starting at a
     * minute, answered by nobody, a person or voicemail (the answer may reach callhook after the hangup).
     */
    record CallSpec(boolean inbound, int number, int minute, int answer) {
        List<CallEvent> events(String source, String callId) {
            Instant start = T0.plusSeconds(60L * minute);
            Direction direction = inbound ? Direction.IN : Direction.OUT;
            String number = NUMBERS[inbound ? this.number : this.number % 2];
            List<CallEvent> events = new ArrayList<>();
            events.add(CallEvent.builder(callId, source, EventType.NEW_CALL, start).direction(direction)
                    .from(inbound ? number : "+4922100").to(inbound ? "+4922100" : number).queue("support")
                    .users(Set.of("emma")).ringingAt(start).build());
            if (answer > 0) {
                events.add(CallEvent.builder(callId, source, EventType.ANSWER, start.plusSeconds(10))
                        .direction(direction).answeredAt(start.plusSeconds(10))
                        .answeredBy(answer == 1 ? "emma" : "voicemail").build());
            }
            events.add(CallEvent.builder(callId, source, EventType.HANGUP, start.plusSeconds(50)).direction(direction)
                    .endedAt(start.plusSeconds(50)).cause(answer > 0 ? "normalClearing" : "cancel",
                            answer > 0 ? Cause.NORMAL : Cause.CANCEL).build());
            return events;
        }
    }

    @Provide
    Arbitrary<List<CallSpec>> calls() {
        return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 2))
                .as(CallSpec::new).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 40)
    void shuffledRepeatedAndBatchedStreamRecordsEndAsTheInOrderRecordsDo(@ForAll("calls") List<CallSpec> calls,
                                                                          @ForAll long seed) {
        Random random = new Random(seed);
        String organization = "org-" + TRIES.incrementAndGet();
        DynamoCallStore store = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365),
                Organizations.parse("", organization), 1);
        String source = "pbx" + TRIES.get();
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            events.addAll(calls.get(i).events(source, "c" + i));
        }
        Collections.shuffle(events, random);
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        apply(store, source, events, records);

        deliver(inOrder, List.of(records));
        deliver(shuffled, scrambled(records, records, random));

        Map<String, Map<String, Object>> expected = snapshot(inOrder, organization);
        assertEquals(expected, snapshot(shuffled, organization));
        assertEquals(rules(source, calls.size()), expected.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("state"), (a, b) -> a,
                        TreeMap::new)));
        expected.values().forEach(item -> assertEquals(item.get("state"), item.get("announced"),
                "every item's state was announced"));
    }

    /**
     * Issue 20 item 9: the answers of inbound calls reach callhook late, after an agent claimed every open item. A
     * claimed item keeps its key and claim while it keeps a miss (the answered calls leave it), unless the item
     * before it lost its last miss (then the boundary it follows is gone, as the rules say); an item left with no
     * miss disappears. Both runs, in order and scrambled, end the same, claims included.
     */
    @Property(tries = 40)
    void aClaimedItemKeepsItsKeyAndClaimWhenAnswersArriveLate(@ForAll("calls") List<CallSpec> calls,
                                                              @ForAll long seed) {
        Random random = new Random(seed);
        String organization = "org-" + TRIES.incrementAndGet();
        DynamoCallStore store = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365),
                Organizations.parse("", organization), 1);
        String source = "pbx" + TRIES.get();
        List<CallEvent> onTime = new ArrayList<>();
        List<CallEvent> late = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            for (CallEvent event : calls.get(i).events(source, "c" + i)) {
                (event.type() == EventType.ANSWER && calls.get(i).inbound() ? late : onTime).add(event);
            }
        }
        Collections.shuffle(onTime, random);
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        apply(store, source, onTime, records);
        deliver(inOrder, List.of(records));
        deliver(shuffled, scrambled(records, records, random));
        Map<String, List<CallbackItem>> claimedGroups = items(source, calls.size());
        List<CallbackItem> claimed = new ArrayList<>();
        claimedGroups.values().forEach(items -> items.stream()
                .filter(item -> item.state() == CallbackItem.State.OPEN).forEach(claimed::add));
        for (Side side : List.of(inOrder, shuffled)) {
            for (CallbackItem item : claimed) {
                assertEquals("a1", side.store().claim(organization, item.id(), "a1", T0).claimedBy());
            }
        }

        Collections.shuffle(late, random);
        List<DynamodbEvent.DynamodbStreamRecord> lateRecords = new ArrayList<>();
        apply(store, source, late, lateRecords);
        records.addAll(lateRecords);
        if (!lateRecords.isEmpty()) {
            deliver(inOrder, List.of(lateRecords));
            deliver(shuffled, scrambled(lateRecords, records, random));
        }

        Map<String, Map<String, Object>> expected = snapshot(inOrder, organization);
        assertEquals(expected, snapshot(shuffled, organization));
        assertEquals(rules(source, calls.size()), expected.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("state"), (a, b) -> a,
                        TreeMap::new)));
        Set<String> missesAtEnd = items(source, calls.size()).values().stream().flatMap(List::stream)
                .flatMap(item -> item.misses().stream()).map(CallbackItem.Miss::callId).collect(Collectors.toSet());
        for (CallbackItem item : claimed) {
            List<CallbackItem> group = claimedGroups.get(item.line() + "|" + item.subject());
            int at = group.indexOf(item);
            CallbackItem previous = at == 0 ? null : group.get(at - 1);
            boolean boundaryKept = previous == null
                    || missesAtEnd.contains(previous.misses().get(previous.misses().size() - 1).callId());
            List<String> remaining = item.misses().stream().map(CallbackItem.Miss::callId)
                    .filter(missesAtEnd::contains).toList();
            for (Side side : List.of(inOrder, shuffled)) {
                Optional<CallbackStore.Entry> now = side.store().item(organization, item.id());
                if (remaining.isEmpty()) {
                    assertEquals(Optional.empty(), now, "an item left with no miss disappears: " + item);
                } else if (boundaryKept) {
                    assertTrue(now.isPresent(), "the claimed item keeps its id: " + item);
                    assertEquals("a1", now.get().claimedBy(), "and its claim: " + item);
                    assertEquals(remaining.get(0), now.get().item().misses().get(0).callId(),
                            "and its first remaining miss: " + item);
                }
            }
        }
    }

    /** Applies the events to the call store, in order, and adds the stream record each change makes. */
    static void apply(DynamoCallStore store, String source, List<CallEvent> events,
                      List<DynamodbEvent.DynamodbStreamRecord> records) {
        for (CallEvent event : events) {
            Map<String, AttributeValue> before = item(source + ":" + event.callId());
            store.apply(event);
            records.add(StreamRecords.change(CallItemLayout.key(source + ":" + event.callId()), before,
                    item(source + ":" + event.callId()), Integer.toString(records.size())));
        }
    }

    /** {@code records} plus repeats of any of {@code all} (old images after new ones), shuffled, in batches of 1-4. */
    static List<List<DynamodbEvent.DynamodbStreamRecord>> scrambled(List<DynamodbEvent.DynamodbStreamRecord> records,
                                                                   List<DynamodbEvent.DynamodbStreamRecord> all,
                                                                   Random random) {
        List<DynamodbEvent.DynamodbStreamRecord> scrambled = new ArrayList<>(records);
        for (int i = 0, extra = all.isEmpty() ? 0 : random.nextInt(all.size() + 1); i < extra; i++) {
            scrambled.add(all.get(random.nextInt(all.size())));
        }
        Collections.shuffle(scrambled, random);
        List<List<DynamodbEvent.DynamodbStreamRecord>> batches = new ArrayList<>();
        for (int from = 0; from < scrambled.size(); ) {
            int to = Math.min(scrambled.size(), from + 1 + random.nextInt(4));
            batches.add(scrambled.subList(from, to));
            from = to;
        }
        return batches;
    }

    static void deliver(Side side, List<List<DynamodbEvent.DynamodbStreamRecord>> batches) {
        for (List<DynamodbEvent.DynamodbStreamRecord> batch : batches) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(batch);
            assertEquals(List.of(), side.handler().handleRequest(event, null).getBatchItemFailures());
        }
    }

    static Map<String, AttributeValue> item(String key) {
        var response = dynamo.getItem(b -> b.tableName(callsTable).key(CallItemLayout.key(key)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /**
     * Every item of the organization that agents can see, by line, number and key, as stored (without the item's
     * write version). Retracted items are left out: which ones exist depends on which intermediate images a run
     * saw, and nobody sees them.
     */
    static Map<String, Map<String, Object>> snapshot(Side side, String organization) {
        Map<String, Map<String, Object>> items = new TreeMap<>();
        dynamo.scanPaginator(b -> b.tableName(side.callbacksTable()).consistentRead(true)
                        .filterExpression("organizationId = :o AND begins_with(sk, :i)")
                        .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(organization),
                                ":i", AttributeValue.fromS("i#"))))
                .items().stream().filter(item -> !"retracted".equals(item.get("state").s())).forEach(item -> {
                    Map<String, Object> view = new TreeMap<>();
                    item.forEach((name, value) -> view.put(name, value.toString()));
                    // the item's version counts the writes that computed it: bookkeeping, not what agents see
                    view.remove("iv");
                    view.put("state", item.get("state").s());
                    view.put("announced", item.containsKey("announced") ? item.get("announced").s() : null);
                    items.put(item.get("line").s() + "|" + item.get("subject").s() + "|" + item.get("key").s(),
                            view);
                });
        return items;
    }

    /** What the pure rules make of the calls' records as stored now, by line, number and key: the items' states. */
    static Map<String, Object> rules(String source, int calls) {
        Map<String, Object> states = new TreeMap<>();
        items(source, calls).forEach((group, items) -> items.forEach(item ->
                states.put(group + "|" + item.key(), item.state().wire())));
        return states;
    }

    /** What the pure rules make of the calls' records as stored now: each line and number's items, oldest first. */
    static Map<String, List<CallbackItem>> items(String source, int calls) {
        Map<String, List<CallbackFact>> groups = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            Map<String, AttributeValue> stored = item(source + ":c" + i);
            if (stored == null) {
                continue;
            }
            CallbackFact.of(CallItemLayout.toRecord(stored), VOICEMAIL).ifPresent(fact -> groups.computeIfAbsent(
                    fact.line() + "|" + fact.subject(), g -> new ArrayList<>()).add(fact));
        }
        Map<String, List<CallbackItem>> items = new TreeMap<>();
        groups.forEach((group, facts) -> {
            CallbackFact any = facts.get(0);
            items.put(group, WorklistFromFacts.items(any.organizationId(), any.line(), any.subject(), facts, List.of(
                    )));
        });
        return items;
    }
}
