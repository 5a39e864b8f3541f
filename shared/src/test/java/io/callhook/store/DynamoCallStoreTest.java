// Store tests against the project's DynamoDB engine over HTTP, with the template's calls table.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.CallState;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.config.UnmappedIntegrationException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.ReadUnits;
import io.callhook.testing.RequestCounter;
import io.callhook.testing.SampleCauses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoCallStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static RequestCounter counter;
    private static DynamoCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo dynamo = LocalDynamo.shared();
        Map<String, String> tables = dynamo.createTables();
        counter = new RequestCounter();
        DynamoDbJsonClient client = dynamo.client(counter);
        store = new DynamoCallStore(client, tables.get("CallsTable"), Duration.ofDays(365));
    }

    /** The events of one call; {@code answered} decides whether an answer event exists. */
    static List<CallEvent> callEvents(String callId, Direction direction, boolean answered, String cause,
                                      String queue, Set<String> users) {
        List<CallEvent> events = new ArrayList<>();
        events.add(event(callId, EventType.NEW_CALL, direction, cause, queue, users).build());
        if (answered) {
            events.add(event(callId, EventType.ANSWER, direction, cause, queue, users).build());
        }
        events.add(event(callId, EventType.HANGUP, direction, cause, queue, users).build());
        return events;
    }

    private static CallEvent.Builder event(String callId, EventType type, Direction direction, String cause,
                                           String queue, Set<String> users) {
        CallEvent.Builder builder = CallEvent.builder(callId, "pbx", type, T0)
                .direction(direction).from("+49301").to("+49221").users(users);
        return switch (type) {
            case NEW_CALL -> builder.queue(queue).ringingAt(T0);
            case ANSWER -> builder.answeredBy("jdoe").answeredAt(T0);
            case HANGUP -> builder.answeredBy(null).endedAt(T0).cause(cause, SampleCauses.canonical(cause));
            default -> builder;
        };
    }

    /** The same event as delivered at {@code at}: a retry or a reordered delivery gets its own receive time. */
    private static CallEvent deliveredAt(CallEvent e, Instant at) {
        CallEvent.Builder b = CallEvent.builder(e.callId(), e.source(), e.type(), at)
                .direction(e.direction()).from(e.from()).to(e.to()).queue(e.queue()).users(e.users())
                .answeredBy(e.answeredBy()).cause(e.rawCause(), e.cause()).previousCallId(e.previousCallId());
        if (e.ringingAt() != null) {
            b.ringingAt(at);
        }
        if (e.answeredAt() != null) {
            b.answeredAt(at);
        }
        if (e.endedAt() != null) {
            b.endedAt(at);
        }
        return e.blocked() ? b.build().withBlocked() : b.build();
    }

    @Test
    void inOrderDeliveryCostsOneWriteAndNoReadPerEvent() {
        counter.reset();
        for (CallEvent event : callEvents("cost-1", Direction.IN, true, "normalClearing", "support", Set.of("a"))) {
            store.apply(event);
        }
        assertEquals(List.of("UpdateItem", "UpdateItem", "UpdateItem"), counter.requests());
    }

    @Test
    void aLineFilteredCallerLogReadsOnlyThatLinesKeysAndRecordsWhateverTheNewerCallsOfOtherLines() {
        Map<String, String> tables = LocalDynamo.shared().createTables();
        ReadUnits reads = new ReadUnits();
        RequestCounter requests = new RequestCounter();
        DynamoCallStore writer = new DynamoCallStore(LocalDynamo.shared().client(), tables.get("CallsTable"),
                Duration.ofDays(365), Organizations.single(), 2);
        for (int i = 0; i < 30; i++) {
            writer.apply(CallEvent.builder("page-" + i, "pbx", EventType.NEW_CALL, T0.plusSeconds(i))
                    .direction(Direction.IN).from("+1").to(i == 1 ? "+line-old" : "+line-new")
                    .ringingAt(T0.plusSeconds(i)).build());
        }
        DynamoCallStore counted = new DynamoCallStore(LocalDynamo.shared().client(reads), tables.get("CallsTable"),
                Duration.ofDays(365), Organizations.single(), 2);
        Page<CallRecord> nothing = counted.recent("1", "+nobody", 60, 1 << 20, call -> 1, null);
        assertEquals(List.of(), nothing.items());
        assertNull(nothing.nextToken());
        assertEquals(2, reads.reads().size(), "one query per shard: " + reads.reads());
        assertTrue(reads.reads().stream().allMatch(read -> read.partition().endsWith("#+nobody")
                && read.count() == 0), reads.reads().toString());

        reads.reset();
        Page<CallRecord> old = counted.recent("1", "+line-old", 60, 1 << 20, call -> 1, null);
        assertEquals(List.of("page-1"), old.items().stream().map(CallRecord::callId).toList(),
                "found on the first page behind 29 newer calls of another line");
        assertNull(old.nextToken());
        assertEquals(1, reads.reads().stream().mapToInt(ReadUnits.Read::count).sum(), "one key read in all");

        DynamoCallStore byKey = new DynamoCallStore(LocalDynamo.shared().client(requests), tables.get("CallsTable"),
                Duration.ofDays(365), Organizations.single(), 2);
        List<String> newest = byKey.recent("1", "+line-new", 3, 1 << 20, call -> 1, null).items().stream()
                .map(CallRecord::callId).toList();
        assertEquals(List.of("page-29", "page-28", "page-27"), newest);
        assertEquals(1, requests.requests().stream().filter("BatchGetItem"::equals).count(),
                "the page's records in one BatchGetItem: " + requests.requests());
        Page<CallRecord> bounded = byKey.recent("1", "+line-new", 3, 1, call -> 1, null);
        assertEquals(List.of("page-29"), bounded.items().stream().map(CallRecord::callId).toList(),
                "the byte budget ends the page after the first call");
        assertEquals(List.of("page-28", "page-27"), byKey.recent("1", "+line-new", 2, 1 << 20, call -> 1,
                bounded.nextToken()).items().stream().map(CallRecord::callId).toList(), "and its token continues");
    }

    @Test
    void aCallsLineKeyIsItsFirstQueueOrWithoutOneItsNumberWhateverTheOrderOfEvents() {
        Map<String, String> tables = LocalDynamo.shared().createTables();
        DynamoCallStore store = new DynamoCallStore(LocalDynamo.shared().client(), tables.get("CallsTable"),
                Duration.ofDays(365), Organizations.single(), 2);
        CallEvent ring = CallEvent.builder("q1", "pbx", EventType.NEW_CALL, T0).direction(Direction.IN)
                .from("+1").to("+4922").ringingAt(T0).build();
        CallEvent queued = CallEvent.builder("q1", "pbx", EventType.ANSWER, T0).queue("support").answeredAt(T0)
                .build();
        CallEvent requeued = CallEvent.builder("q1", "pbx", EventType.ANSWER, T0).queue("sales").answeredAt(T0)
                .build();
        List<List<CallEvent>> orders = List.of(List.of(ring, queued, requeued), List.of(queued, ring, requeued),
                List.of(queued, requeued, ring));
        for (int i = 0; i < orders.size(); i++) {
            String id = "q" + i;
            orders.get(i).forEach(event -> store.apply(CallEvent.builder(id, event.source(), event.type(),
                    event.receivedAt()).direction(event.direction()).from(event.from()).to(event.to())
                    .queue(event.queue()).ringingAt(event.ringingAt()).answeredAt(event.answeredAt()).build()));
        }
        List<String> support = store.recent("1", "support", 10, 1 << 20, call -> 1, null).items().stream()
                .map(CallRecord::id).sorted().toList();
        List<String> expected = List.of("pbx:q0", "pbx:q1", "pbx:q2");
        assertEquals(expected, support, "the first queue, as the record's queue");
        assertEquals(List.of(), store.recent("1", "sales", 10, 1 << 20, call -> 1, null).items());
        assertEquals(List.of(), store.recent("1", "+4922", 10, 1 << 20, call -> 1, null).items(),
                "a queue replaces the number");
    }

    @Test
    void aCallerLogPageEndsBeforeTheCallThatWouldPassItsByteBudget() {
        Map<String, String> tables = LocalDynamo.shared().createTables();
        DynamoCallStore paged = new DynamoCallStore(LocalDynamo.shared().client(), tables.get("CallsTable"),
                Duration.ofDays(365));
        for (int i = 0; i < 5; i++) {
            paged.apply(CallEvent.builder("bytes-" + i, "pbx", EventType.NEW_CALL, T0.plusSeconds(i))
                    .direction(Direction.IN).from("+1").to("+2").ringingAt(T0.plusSeconds(i)).build());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<CallRecord> page = paged.recent("1", null, 60, 250, call -> 100, token);
            assertEquals(pages < 2 ? 2 : 1, page.items().size(), "two calls of 100 bytes fit in 250");
            page.items().forEach(call -> seen.add(call.callId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(List.of("bytes-4", "bytes-3", "bytes-2", "bytes-1", "bytes-0"), seen);
        assertThrows(InvalidPageTokenException.class, () -> paged.recent("2", null, 60, 250, call -> 100,
                paged.recent("1", null, 1, 250, call -> 100, null).nextToken()),
                "a token of one organization's list is refused for another's");
    }

    @Test
    void aCallIdOfAnotherIntegrationIsAnotherRecordAndNothingIsOverwritten() {
        store.apply(CallEvent.builder("shared-id", "berlin", EventType.NEW_CALL, T0)
                .direction(Direction.IN).from("+1").to("+2").ringingAt(T0).build());
        store.apply(CallEvent.builder("shared-id", "cologne", EventType.HANGUP, T0.plusSeconds(5))
                .direction(Direction.OUT).endedAt(T0.plusSeconds(5)).cause("busy", Cause.BUSY).build());
        CallRecord record = store.find("berlin:shared-id").orElseThrow();
        assertEquals("berlin", record.source());
        assertEquals("berlin:shared-id", record.id());
        assertEquals(Direction.IN, record.direction());
        assertEquals(CallState.NEW_CALL, record.state());
        assertEquals(null, record.cause());
        CallRecord other = store.find("cologne:shared-id").orElseThrow();
        assertEquals(Direction.OUT, other.direction());
        assertEquals(CallState.HANGUP, other.state());
    }

    @Test
    void everyRecordCarriesTheOrganizationOfItsIntegrationFromItsFirstWrite() {
        Map<String, String> tables = LocalDynamo.shared().createTables();
        DynamoDbJsonClient client = LocalDynamo.shared().client();
        DynamoCallStore before = new DynamoCallStore(client, tables.get("CallsTable"), Duration.ofDays(365),
                Organizations.parse("acme:org-a,globex:org-b", "org-z"), 4);
        before.apply(CallEvent.builder("c1", "acme", EventType.NEW_CALL, T0).direction(Direction.IN).from("+1")
                .to("+2").ringingAt(T0).build());
        before.apply(CallEvent.builder("c1", "globex", EventType.NEW_CALL, T0).direction(Direction.IN).from("+1")
                .to("+2").ringingAt(T0).previousCallId("c0").build());
        UnmappedIntegrationException unmapped = assertThrows(UnmappedIntegrationException.class,
                () -> before.apply(CallEvent.builder("c1", "initech", EventType.NEW_CALL, T0).direction(Direction.IN)
                        .from("+1").to("+2").ringingAt(T0).previousCallId("c0").build()));
        assertEquals("initech", unmapped.integration());
        assertEquals("org-a", before.find("acme:c1").orElseThrow().organizationId());
        assertEquals("org-b", before.find("globex:c1").orElseThrow().organizationId());
        assertEquals("org-b", before.find("globex:c0").orElseThrow().organizationId(), "the linked call too");
        assertTrue(before.find("initech:c1").isEmpty(), "never a silent member of the default organization");
        assertTrue(before.find("initech:c0").isEmpty(), "nor is its linked call");
        DynamoCallStore remapped = new DynamoCallStore(client, tables.get("CallsTable"), Duration.ofDays(365),
                Organizations.parse("acme:org-b", "org-z"), 4);
        remapped.apply(CallEvent.builder("c1", "acme", EventType.HANGUP, T0.plusSeconds(9))
                .endedAt(T0.plusSeconds(9)).build());
        assertEquals("org-a", remapped.find("acme:c1").orElseThrow().organizationId(),
                "a record keeps the organization it was first written with");
        assertEquals(List.of("acme:c1"), remapped.recent("org-a", null, 60, 1 << 20, call -> 1, null).items()
                .stream().map(CallRecord::id).toList(), "listed across its organization's shards");
        assertEquals(List.of(), remapped.recent("org-c", null, 60, 1 << 20, call -> 1, null).items());
    }

    @Test
    void aPartialRecordIsCompletedWhenTheRestArrives() {
        List<CallEvent> events = callEvents("partial-1", Direction.IN, true, "normalClearing", "support",
                Set.of("Emma Taylor"));
        store.apply(events.get(2));
        CallRecord onlyHangup = store.find("pbx:partial-1").orElseThrow();
        assertEquals(CallState.HANGUP, onlyHangup.state());
        assertEquals(false, onlyHangup.answered());
        store.apply(events.get(1));
        store.apply(events.get(0));
        CallRecord complete = store.find("pbx:partial-1").orElseThrow();
        assertEquals(CallState.HANGUP, complete.state());
        assertTrue(complete.answered());
        assertEquals("support", complete.line());
        assertEquals(Set.of("newCall", "answer", "hangup"), complete.events());
        assertEquals(T0.plus(Duration.ofDays(365)), complete.expiresAt());
    }

    @Test
    void aForwardLinksBothCallsInOneRequestWhateverArrivesFirst() {
        CallEvent forwardedLeg = CallEvent.builder("leg-2", "pbx", EventType.NEW_CALL, T0.plusSeconds(10))
                .direction(Direction.IN).from("+49301").to("+49222").ringingAt(T0.plusSeconds(10))
                .previousCallId("leg-1").build();
        counter.reset();
        store.apply(forwardedLeg);
        assertEquals(List.of("TransactWriteItems"), counter.requests());
        assertEquals(Set.of("leg-2"), store.find("pbx:leg-1").orElseThrow().nextCallIds());
        for (CallEvent event : callEvents("leg-1", Direction.IN, false, "normalClearing", null, Set.of())) {
            store.apply(event);
        }
        store.apply(forwardedLeg);
        CallRecord original = store.find("pbx:leg-1").orElseThrow();
        assertEquals(Set.of("leg-2"), original.nextCallIds());
        assertEquals(CallState.HANGUP, original.state());
        assertEquals(false, io.callhook.call.CallOutcomes.isMissed(original, Set.of()));
        assertEquals("leg-1", store.find("pbx:leg-2").orElseThrow().previousCallId());
    }

    @Test
    void aForwardLinksOnlyToACallOfItsOwnIntegration() {
        store.apply(CallEvent.builder("foreign-1", "other", EventType.NEW_CALL, T0).direction(Direction.IN)
                .from("+1").to("+2").ringingAt(T0).build());
        store.apply(CallEvent.builder("foreign-2", "pbx", EventType.NEW_CALL, T0).direction(Direction.IN).from("+1")
                .to("+3").ringingAt(T0).previousCallId("foreign-1").build());
        assertEquals("foreign-1", store.find("pbx:foreign-2").orElseThrow().previousCallId());
        assertEquals(Set.of("foreign-2"), store.find("pbx:foreign-1").orElseThrow().nextCallIds());
        assertTrue(store.find("other:foreign-1").orElseThrow().nextCallIds().isEmpty(),
                "another integration's call of the same id is not touched");
    }

    /**
     * Thousands of calls, each delivered as a random permutation of its events with random repeats: every record
     * must equal the one in-order delivery gives, with each time fact taken from the first arrival of its event; a
     * quarter of the inbound calls come from a blocked caller (their newCall carries the flag).
     */
    @Test
    void anyPermutationWithRepeatsConvergesToTheInOrderRecord() {
        Random random = new Random(20261123L);
        String[] causes = {"normalClearing", "cancel", "busy", "noAnswer", "forwarded", "notFound", "weird"};
        for (int call = 0; call < 2000; call++) {
            Direction direction = random.nextBoolean() ? Direction.IN : Direction.OUT;
            boolean answered = random.nextBoolean();
            String cause = causes[random.nextInt(causes.length)];
            String queue = random.nextInt(3) == 0 ? null : "line-" + random.nextInt(4);
            Set<String> users = new LinkedHashSet<>(List.of("agent-" + random.nextInt(3)));
            boolean blocked = direction == Direction.IN && random.nextInt(4) == 0;
            List<CallEvent> events = callEvents("inorder-" + call, direction, answered, cause, queue, users).stream()
                    .map(e -> blocked && e.type() == EventType.NEW_CALL ? e.withBlocked() : e).toList();
            for (CallEvent event : events) {
                store.apply(event);
            }
            CallRecord expected = store.find("pbx:inorder-" + call).orElseThrow();

            String id = "shuffled-" + call;
            List<CallEvent> deliveries = new ArrayList<>();
            for (CallEvent event : events) {
                CallEvent renamed = rename(event, id);
                int copies = 1 + random.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    deliveries.add(renamed);
                }
            }
            Collections.shuffle(deliveries, random);
            Map<EventType, Instant> firstArrival = new EnumMap<>(EventType.class);
            Instant at = T0;
            for (CallEvent delivery : deliveries) {
                at = at.plusMillis(1 + random.nextInt(5000));
                firstArrival.putIfAbsent(delivery.type(), at);
                store.apply(deliveredAt(delivery, at));
            }
            CallRecord actual = store.find("pbx:" + id).orElseThrow();
            assertSameCall(expected, actual,
                    "call " + call + " " + deliveries.stream().map(e -> e.type().wire()).toList());
            assertEquals(firstArrival.get(EventType.NEW_CALL), actual.ringingAt());
            assertEquals(firstArrival.get(EventType.ANSWER), actual.answeredAt());
            assertEquals(firstArrival.get(EventType.HANGUP), actual.endedAt());
            assertEquals(firstArrival.values().stream().min(Instant::compareTo).orElseThrow(), actual.firstSeenAt());
        }
    }

    private static CallEvent rename(CallEvent e, String callId) {
        return new CallEvent(callId, e.source(), e.type(), e.receivedAt(), e.direction(), e.from(), e.to(),
                e.queue(), e.users(), e.answeredBy(), e.ringingAt(), e.answeredAt(), e.endedAt(), e.rawCause(),
                e.cause(), e.previousCallId(), e.attributes(), e.blocked());
    }

    private static void assertSameCall(CallRecord expected, CallRecord actual, String message) {
        assertEquals(expected.source(), actual.source(), message);
        assertEquals(expected.events(), actual.events(), message);
        assertEquals(expected.direction(), actual.direction(), message);
        assertEquals(expected.from(), actual.from(), message);
        assertEquals(expected.to(), actual.to(), message);
        assertEquals(expected.queue(), actual.queue(), message);
        assertEquals(expected.line(), actual.line(), message);
        assertEquals(expected.users(), actual.users(), message);
        assertEquals(expected.answeredBy(), actual.answeredBy(), message);
        assertEquals(expected.state(), actual.state(), message);
        assertEquals(expected.answered(), actual.answered(), message);
        assertEquals(expected.rawCause(), actual.rawCause(), message);
        assertEquals(expected.cause(), actual.cause(), message);
        assertEquals(expected.attributes(), actual.attributes(), message);
        assertEquals(expected.doneByAgent(), actual.doneByAgent(), message);
        assertEquals(expected.blocked(), actual.blocked(), message);
        assertEquals(CallOutcomes.isMissed(expected, Set.of()), CallOutcomes.isMissed(actual, Set.of()), message);
    }
}
