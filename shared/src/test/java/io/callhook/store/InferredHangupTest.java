// Store tests against the project's DynamoDB engine over HTTP, with the template's calls table: inferred hangups,
// the sparse index of open calls, and convergence of any order of real events with an inferred close.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferredHangupTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final MissSettings RULES = MissSettings.of(Set.of("voicemail"));
    private static DynamoCallStore store;
    private static DynamoOpenCalls open;

    @BeforeAll
    static void start() {
        LocalDynamo dynamo = LocalDynamo.shared();
        Map<String, String> tables = dynamo.createTables();
        DynamoDbJsonClient client = dynamo.client();
        Organizations organizations = Organizations.parse("acme:org-a,pbx:1", "1");
        store = new DynamoCallStore(client, tables.get("CallsTable"), Duration.ofDays(365), organizations, 3);
        open = new DynamoOpenCalls(client, tables.get("CallsTable"), 3);
    }

    static CallEvent newCall(String source, String callId) {
        return CallEvent.builder(callId, source, EventType.NEW_CALL, T0).direction(Direction.IN).from("+4930")
                .to("+4922").queue("support").ringingAt(T0).build();
    }

    static CallEvent answer(String callId, Instant at) {
        return CallEvent.builder(callId, "pbx", EventType.ANSWER, T0).answeredBy("jdoe").answeredAt(at).build();
    }

    static CallEvent hangup(String callId, Instant at, String cause) {
        return CallEvent.builder(callId, "pbx", EventType.HANGUP, T0).endedAt(at)
                .cause(cause, Cause.fromWire(cause)).build();
    }

    static CallEvent inferred(String callId, Instant end) {
        return CallEvent.builder(callId, "pbx", EventType.INFERRED_HANGUP, T0.plus(Duration.ofHours(1)))
                .endedAt(end).build();
    }

    private static CallRecord find(String callId) {
        return store.find("pbx:" + callId).orElseThrow();
    }

    @Test
    void anInferredHangupEndsARingingCallWithCauseUnknownAndARealHangupReplacesIt() {
        store.apply(newCall("pbx", "i1"));
        store.apply(inferred("i1", T0));
        CallRecord closed = find("i1");
        assertTrue(closed.ended());
        assertTrue(closed.inferred());
        assertEquals(T0, closed.endedAt());
        assertEquals(Cause.UNKNOWN, closed.cause());
        assertEquals(MissReason.UNKNOWN, CallOutcomes.missReason(closed, RULES));

        store.apply(hangup("i1", T0.plusSeconds(40), "busy"));
        CallRecord real = find("i1");
        assertFalse(real.inferred());
        assertEquals(T0.plusSeconds(40), real.endedAt());
        assertEquals(Cause.BUSY, real.cause());
        assertEquals(MissReason.BUSY, CallOutcomes.missReason(real, RULES));

        store.apply(inferred("i1", T0));
        assertEquals(real, find("i1"), "an inferred close never overrides a reported one");
    }

    @Test
    void anInferredHangupOfACallWithNoRecordWritesNothing() {
        assertThrows(ConditionalCheckFailedException.class, () -> store.apply(inferred("i-none", T0)));
        assertTrue(store.find("pbx:i-none").isEmpty());
    }

    @Test
    void onlyOpenCallsAreInTheOpenIndexOfTheirOrganizationAndALateRingIsCleared() {
        store.apply(newCall("acme", "o1"));
        store.apply(newCall("acme", "o2"));
        store.apply(newCall("pbx", "o3"));
        store.apply(CallEvent.builder("o2", "acme", EventType.HANGUP, T0).endedAt(T0.plusSeconds(3)).build());
        assertEquals(List.of("acme:o1"), ringingO("org-a"));
        assertEquals(List.of(), ids(ringing("org-a", T0.minusMillis(1), 100)), "first seen at T0");
        assertTrue(ids(ringing("1", T0, 100)).contains("pbx:o3"));
        assertFalse(ids(ringing("1", T0, 100)).contains("acme:o1"));

        store.apply(newCall("acme", "o2"));
        assertEquals(List.of("acme:o1", "acme:o2"), ringingO("org-a"), "a ring after the hangup marks the call open "
                + "again");
        assertFalse(open.clearIfEnded("acme:o1"), "o1 has not ended");
        assertTrue(open.clearIfEnded("acme:o2"));
        assertFalse(open.clearIfEnded("acme:o2"));
        assertEquals(List.of("acme:o1"), ringingO("org-a"));

        store.apply(CallEvent.builder("o1", "acme", EventType.INFERRED_HANGUP, T0).endedAt(T0).build());
        assertEquals(List.of(), ringingO("org-a"));
    }

    /** The ids of this test's calls ({@code o...}) of an organization ringing since T0, sorted. */
    private static List<String> ringingO(String organization) {
        return ids(ringing(organization, T0, 100)).stream().filter(id -> id.contains(":o")).sorted().toList();
    }

    /** The ids of an organization's calls ringing and quiet since at or before {@code quietBefore}, every shard. */
    private static List<CallRecord> ringing(String organization, Instant quietBefore, int max) {
        return inState(organization, CallItemLayout.RINGING, quietBefore, max);
    }

    private static List<CallRecord> inState(String organization, String state, Instant quietBefore, int max) {
        List<CallRecord> calls = new ArrayList<>();
        for (int shard = 0; shard < open.shards(); shard++) {
            calls.addAll(open.quietSince(organization, shard, state, quietBefore, max));
        }
        return calls;
    }

    @Test
    void anAnswerHeardFirstMarksTheCallAnsweredAndOneAfterTheRingLeavesItRingingUntilTheSweepMovesIt() {
        Instant answered = T0.plus(Duration.ofMinutes(2));
        store.apply(newCall("acme", "a1"));
        store.apply(CallEvent.builder("a1", "acme", EventType.ANSWER, T0).answeredBy("jdoe").answeredAt(answered)
                .build());
        store.apply(CallEvent.builder("a2", "acme", EventType.ANSWER, T0).answeredBy("jdoe").answeredAt(answered)
                .build());
        store.apply(newCall("acme", "a2"));
        store.apply(CallEvent.builder("a2", "acme", EventType.ANSWER, T0).answeredBy("jdoe")
                .answeredAt(answered.plusSeconds(50)).build());
        assertEquals(List.of("acme:a1"), ids(ringing("org-a", T0, 100)).stream().filter(id -> id.contains(":a"))
                .toList(), "an answer after the ring writes no index key: still ringing since its ring");
        assertEquals(List.of("acme:a2"), ids(inState("org-a", CallItemLayout.ANSWERED, answered, 100)),
                "answered first: in the answered partition, quiet since the first answer time");

        int shard = CallKeys.shardOf("acme:a1", open.shards());
        assertTrue(open.moveToAnswered("org-a", shard, "acme:a1"));
        assertFalse(open.moveToAnswered("org-a", shard, "acme:a1"), "no longer in the ringing partition");
        assertEquals(List.of(), ids(ringing("org-a", T0, 100)).stream().filter(id -> id.contains(":a")).toList());
        assertEquals(List.of("acme:a1", "acme:a2"), ids(inState("org-a", CallItemLayout.ANSWERED, answered,
                100)).stream()
                .sorted().toList(), "moved: quiet since its answer");
        assertEquals(List.of(), ids(inState("org-a", CallItemLayout.ANSWERED, answered.minusMillis(1), 100)));

        store.apply(newCall("acme", "a3"));
        store.apply(CallEvent.builder("a3", "acme", EventType.HANGUP, T0).endedAt(T0.plusSeconds(3)).build());
        assertFalse(open.moveToAnswered("org-a", CallKeys.shardOf("acme:a3", open.shards()), "acme:a3"),
                "an ended call is not moved");
    }

    private static List<String> ids(List<CallRecord> calls) {
        return calls.stream().map(CallRecord::id).toList();
    }

    /**
     * Property: for a call with a reported hangup, any order and repetition of its real events plus inferred closes
     * gives the record the real events alone give (times, cause, inferred flag, missed state and reason). Without a
     * reported hangup the inferred end stands, and a late answer makes the call not missed.
     */
    @Test
    void anyOrderOfRealEventsWithAnInferredCloseConvergesToTheRecordWithoutIt() {
        Random random = new Random(20261129L);
        String[] causes = {"normalClearing", "cancel", "busy", "noAnswer", "notFound"};
        for (int call = 0; call < 250; call++) {
            boolean answered = random.nextInt(3) == 0;
            boolean hungUp = random.nextInt(4) != 0;
            List<CallEvent> real = new ArrayList<>();
            real.add(newCall("pbx", "x"));
            if (answered) {
                real.add(answer("x", T0.plusSeconds(1 + random.nextInt(30))));
            }
            if (hungUp) {
                real.add(hangup("x", T0.plusSeconds(40 + random.nextInt(30)), causes[random.nextInt(causes.length)]));
            }
            String plain = "plain-" + call;
            deliver(real, plain, random, 0);
            String mixed = "mixed-" + call;
            List<CallEvent> withInferred = new ArrayList<>(real);
            withInferred.add(inferred("x", T0.plusSeconds(random.nextInt(3))));
            deliver(withInferred, mixed, random, 1 + random.nextInt(2));

            CallRecord expected = find(plain);
            CallRecord actual = find(mixed);
            String message = "call " + call + " answered " + answered + " hung up " + hungUp;
            if (hungUp) {
                assertEquals(expected.endedAt(), actual.endedAt(), message);
                assertEquals(expected.cause(), actual.cause(), message);
                assertEquals(expected.rawCause(), actual.rawCause(), message);
                assertFalse(actual.inferred(), message);
            } else {
                assertTrue(actual.inferred() && actual.ended() && actual.cause() == Cause.UNKNOWN, message);
            }
            assertEquals(expected.answeredAt(), actual.answeredAt(), message);
            assertEquals(expected.ringingAt(), actual.ringingAt(), message);
            assertEquals(hungUp ? CallOutcomes.isMissed(expected, RULES) : !answered, CallOutcomes.isMissed(actual,
                    RULES),
                    message);
            assertEquals(hungUp ? CallOutcomes.missReason(expected, RULES) : answered ? null : MissReason.UNKNOWN,
                    CallOutcomes.missReason(actual, RULES), message);
        }
    }

    /**
     * Delivers the events under another call id, each 1 to 3 times (an inferred close {@code extra} more), shuffled.
     */
    private static void deliver(List<CallEvent> events, String callId, Random random, int extra) {
        List<CallEvent> deliveries = new ArrayList<>();
        for (CallEvent event : events) {
            int copies = 1 + random.nextInt(3) + (event.type() == EventType.INFERRED_HANGUP ? extra : 0);
            for (int c = 0; c < copies; c++) {
                deliveries.add(new CallEvent(callId, event.source(), event.type(), event.receivedAt(),
                        event.direction(), event.from(), event.to(), event.queue(), event.users(), event.answeredBy(),
                        event.ringingAt(), event.answeredAt(), event.endedAt(), event.rawCause(), event.cause(),
                        null, event.attributes(), event.blocked()));
            }
        }
        Collections.shuffle(deliveries, random);
        CallEvent skipped = null;
        for (CallEvent delivery : deliveries) {
            if (delivery.type() == EventType.INFERRED_HANGUP && store.find("pbx:" + callId).isEmpty()) {
                skipped = delivery; // the closer only closes a call it found in the open index ...
                continue;
            }
            store.apply(delivery);
        }
        if (skipped != null) {
            store.apply(skipped); // ... which it does on its next run
        }
    }
}
