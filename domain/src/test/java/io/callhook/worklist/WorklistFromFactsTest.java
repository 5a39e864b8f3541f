// Unit tests of the callback worklist rules: which fact a call is, and the items a line and number's facts make.
// Pure functions, no I/O.
package io.callhook.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorklistFromFactsTest {

    static final Set<String> VOICEMAIL = Set.of("voicemail");
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String CALLER = "+4930111";

    /** A call of line {@code support}, started {@code minute} minutes after T0 and ended a minute later. */
    static CallRecord call(String id, Direction direction, String number, int minute, String answeredBy,
                           boolean ended) {
        Instant start = T0.plusSeconds(60L * minute);
        String from = direction == Direction.IN ? number : "+4922100";
        String to = direction == Direction.IN ? "+4922100" : number;
        return new CallRecord(id, "pbx", Set.of("newCall"), direction, from, to, "support", Set.of("emma"),
                answeredBy, start, start, answeredBy == null ? null : start.plusSeconds(10),
                ended ? start.plusSeconds(60) : null, "cancel", Cause.CANCEL, null, Set.of(), Map.of(), null,
                start.plusSeconds(86400), "1");
    }

    static CallbackFact missed(String id, int minute) {
        return CallbackFact.of(call(id, Direction.IN, CALLER, minute, null, true), VOICEMAIL).orElseThrow();
    }

    static List<CallbackItem> items(List<CallbackFact> facts, CallbackClosure... closures) {
        return WorklistFromFacts.items("1", "support", CALLER, facts, List.of(closures));
    }

    @Test
    void repeatedMissesFromOneNumberJoinOneOpenItem() {
        List<CallbackItem> items = items(List.of(missed("m2", 5), missed("m1", 0), missed("m3", 9)));

        assertEquals(1, items.size());
        CallbackItem item = items.get(0);
        assertEquals(CallbackItem.State.OPEN, item.state());
        assertEquals(List.of("pbx:m1", "pbx:m2", "pbx:m3"), item.misses().stream().map(CallbackItem.Miss::callId)
                .toList());
        assertEquals(T0, item.firstMissedAt());
        assertEquals(T0.plusSeconds(540), item.lastMissedAt());
        assertEquals(CALLER, item.number());
        assertTrue(item.callable());
        assertEquals(WorklistFromFacts.FIRST_KEY, item.key());
    }

    @Test
    void anAnonymousCallerGetsAnItemPerCallThatCannotBeCalledBack() {
        CallbackFact first = CallbackFact.of(call("a1", Direction.IN, "anonymous", 0, null, true), VOICEMAIL)
                .orElseThrow();
        CallbackFact second = CallbackFact.of(call("a2", Direction.IN, null, 1, null, true), VOICEMAIL)
                .orElseThrow();

        assertFalse(first.callable());
        assertEquals("?pbx:a1", first.subject());
        assertEquals("?pbx:a2", second.subject());
        CallbackItem item = WorklistFromFacts.items("1", "support", first.subject(), List.of(first), List.of()).get(0);
        assertNull(item.number());
        assertFalse(item.callable());
        assertEquals(Optional.empty(), CallbackFact.of(call("a3", Direction.IN, "anonymous", 2, "emma", true),
                VOICEMAIL), "an answered anonymous call resolves nothing");
    }

    @Test
    void aLaterInboundCallAnsweredByAPersonResolvesTheItemAsCallerCalledAgain() {
        CallbackFact again = CallbackFact.of(call("in2", Direction.IN, CALLER, 30, "emma", true), VOICEMAIL)
                .orElseThrow();
        CallbackItem item = items(List.of(missed("m1", 0), again)).get(0);

        assertEquals(CallbackItem.State.RESOLVED, item.state());
        assertEquals(CallbackFact.Kind.INBOUND_CONNECT, item.resolution().how());
        assertEquals("caller_called_again", item.resolution().how().wire());
        assertEquals("pbx:in2", item.resolution().callId());
        assertEquals("emma", item.resolution().agent());
        assertEquals(30 * 60 + 10, item.resolution().secondsToResolve(), "first miss to the answer");
    }

    @Test
    void aCallAnsweredByVoicemailIsAnotherMissNotAResolution() {
        CallbackFact voicemail = CallbackFact.of(call("vm", Direction.IN, CALLER, 30, "voicemail", true), VOICEMAIL)
                .orElseThrow();
        assertEquals(CallbackFact.Kind.MISS, voicemail.kind());
        CallbackItem item = items(List.of(missed("m1", 0), voicemail)).get(0);
        assertEquals(CallbackItem.State.OPEN, item.state());
        assertEquals(2, item.misses().size());
    }

    @Test
    void anAnsweredCallbackResolvesAndUnansweredAttemptsAreCountedWhileItStaysOpen() {
        CallbackFact attempt1 = CallbackFact.of(call("o1", Direction.OUT, CALLER, 10, null, true), VOICEMAIL)
                .orElseThrow();
        CallbackFact attempt2 = CallbackFact.of(call("o2", Direction.OUT, CALLER, 20, null, true), VOICEMAIL)
                .orElseThrow();
        assertEquals(CallbackFact.Kind.ATTEMPT, attempt1.kind());
        assertEquals(Optional.empty(), CallbackFact.of(call("o3", Direction.OUT, CALLER, 25, null, false),
                VOICEMAIL), "a callback still ringing is no attempt yet");

        CallbackItem open = items(List.of(missed("m1", 0), attempt1, attempt2)).get(0);
        assertEquals(CallbackItem.State.OPEN, open.state());
        assertEquals(2, open.attempts());
        assertEquals(T0.plusSeconds(1200), open.lastAttemptAt());

        CallbackFact callback = CallbackFact.of(call("o4", Direction.OUT, CALLER, 40, "+4930111", true), VOICEMAIL)
                .orElseThrow();
        CallbackItem resolved = items(List.of(missed("m1", 0), attempt1, attempt2, callback)).get(0);
        assertEquals(CallbackItem.State.RESOLVED, resolved.state());
        assertEquals("callback", resolved.resolution().how().wire());
        assertEquals("emma", resolved.resolution().agent(), "the agent who dialled");
        assertEquals(2, resolved.attempts());
    }

    @Test
    void onlyALaterCallResolvesByCallTimeWhateverTheOrderTheFactsArrive() {
        CallbackFact earlier = CallbackFact.of(call("in0", Direction.IN, CALLER, 0, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackFact> facts = new ArrayList<>(List.of(missed("m1", 5), earlier, missed("m2", 6)));
        List<CallbackItem> expected = items(facts);
        for (int i = 0; i < 6; i++) {
            Collections.rotate(facts, 1);
            if (i == 3) {
                Collections.reverse(facts);
            }
            assertEquals(expected, items(facts));
        }
        assertEquals(1, expected.size());
        assertEquals(CallbackItem.State.OPEN, expected.get(0).state());
        assertEquals(WorklistFromFacts.FIRST_KEY, expected.get(0).key(),
                "a connected call with no miss before it ends no item, so it does not name the next one");
    }

    /**
     * Issue 20 item 9: two misses make one item; the first call's answer is heard late. The answered call leaves
     * the item, which keeps its key (so its id and the claim the store keeps beside it) and the later miss; the
     * answered call resolves nothing (no miss before it) and opens nothing.
     */
    @Test
    void aLateAnswerToAnItemsFirstMissLeavesTheItemWithItsKeyAndItsOtherMisses() {
        List<CallbackItem> before = items(List.of(missed("m1", 0), missed("m2", 5)));
        assertEquals(1, before.size());
        assertEquals(WorklistFromFacts.FIRST_KEY, before.get(0).key());

        CallbackFact answeredLate = CallbackFact.of(call("m1", Direction.IN, CALLER, 0, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> after = items(List.of(answeredLate, missed("m2", 5)));
        assertEquals(1, after.size());
        CallbackItem item = after.get(0);
        assertEquals(before.get(0).id(), item.id(), "the item keeps its id");
        assertEquals(CallbackItem.State.OPEN, item.state());
        assertEquals(List.of("pbx:m2"), item.misses().stream().map(CallbackItem.Miss::callId).toList());
        assertEquals(T0.plusSeconds(300), item.firstMissedAt());
    }

    /**
     * A late answer to a later miss of an item, or to one after a resolved item, changes no key either: the item
     * before keeps its key and is resolved by the answered call (the caller did get through), and the item after a
     * resolved one keeps the key of the call that resolved it.
     */
    @Test
    void aLateAnswerBetweenMissesResolvesTheOnesBeforeAndKeysStayPut() {
        CallbackFact in2 = CallbackFact.of(call("in2", Direction.IN, CALLER, 30, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> before = items(List.of(missed("m1", 0), in2, missed("m3", 40), missed("m4", 45)));
        assertEquals(List.of(WorklistFromFacts.FIRST_KEY, "cpbx:in2"), before.stream().map(CallbackItem::key).toList());

        CallbackFact m3Answered = CallbackFact.of(call("m3", Direction.IN, CALLER, 40, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> after = items(List.of(missed("m1", 0), in2, m3Answered, missed("m4", 45)));
        assertEquals(List.of(WorklistFromFacts.FIRST_KEY, "cpbx:in2"), after.stream().map(CallbackItem::key).toList());
        assertEquals(List.of("pbx:m4"), after.get(1).misses().stream().map(CallbackItem.Miss::callId).toList());
        assertEquals(CallbackItem.State.OPEN, after.get(1).state());

        CallbackFact m4Answered = CallbackFact.of(call("m4", Direction.IN, CALLER, 45, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> split = items(List.of(missed("m1", 0), in2, missed("m3", 40), m4Answered,
                missed("m5", 50)));
        assertEquals(List.of(WorklistFromFacts.FIRST_KEY, "cpbx:in2", "cpbx:m4"),
                split.stream().map(CallbackItem::key).toList());
        assertEquals(CallbackItem.State.RESOLVED, split.get(1).state(), "m4's answer resolves m3, as if heard in time");
        assertEquals("pbx:m4", split.get(1).resolution().callId());
        assertEquals(CallbackItem.State.OPEN, split.get(2).state());
    }

    @Test
    void aMissAfterAResolutionOpensANewItem() {
        CallbackFact again = CallbackFact.of(call("in2", Direction.IN, CALLER, 30, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> items = items(List.of(missed("m1", 0), again, missed("m3", 40)));
        assertEquals(List.of(CallbackItem.State.RESOLVED, CallbackItem.State.OPEN),
                items.stream().map(CallbackItem::state).toList());
        assertEquals("cpbx:in2", items.get(1).key());
    }

    @Test
    void aHandClosedItemStaysClosedAndALaterMissOpensANewOne() {
        CallbackClosure closure = new CallbackClosure(WorklistFromFacts.FIRST_KEY, T0.plusSeconds(600), "wrong_number",
                "a1");
        CallbackFact again = CallbackFact.of(call("in2", Direction.IN, CALLER, 50, "emma", true), VOICEMAIL)
                .orElseThrow();
        List<CallbackItem> items = items(List.of(missed("m1", 0), missed("late", 5), again, missed("m3", 20)),
                closure);

        assertEquals(2, items.size());
        assertEquals(CallbackItem.State.CLOSED, items.get(0).state());
        assertEquals(2, items.get(0).misses().size(), "a late miss from before the closure joins the closed item");
        assertEquals("wrong_number", items.get(0).closure().reason());
        assertEquals("x0", items.get(1).key());
        assertEquals(CallbackItem.State.RESOLVED, items.get(1).state());
    }

    @Test
    void aLateAnswerTakesTheMissAwayAndAnItemWithoutMissesIsNoItem() {
        CallRecord missedCall = call("m1", Direction.IN, CALLER, 0, null, true);
        CallRecord answeredLate = call("m1", Direction.IN, CALLER, 0, "emma", true);
        CallbackFact connect = CallbackFact.of(answeredLate, VOICEMAIL).orElseThrow();

        assertEquals(CallbackFact.Kind.INBOUND_CONNECT, connect.kind());
        assertEquals(List.of(), items(List.of(connect)));
        assertTrue(CallbackFact.version(answeredLate, Optional.of(connect))
                .compareTo(CallbackFact.version(missedCall, CallbackFact.of(missedCall, VOICEMAIL))) > 0,
                "the image with the answer is the newer version");
    }

    @Test
    void numbersAreUsableOnlyWithDigitsAndSeparatorsAreIgnored() {
        assertEquals("+4930111222", CallbackFact.usableNumber("+49 (30) 111-222"));
        assertEquals("030111", CallbackFact.usableNumber("030/111"));
        assertNull(CallbackFact.usableNumber("anonymous"));
        assertNull(CallbackFact.usableNumber(""));
        assertNull(CallbackFact.usableNumber("12"));
        assertNull(CallbackFact.usableNumber("sip:alice@example.com"));
    }

    @Test
    void itemIdsNameLineNumberAndKeyAndRefuseAnythingElse() {
        String id = CallbackItem.id("sup:port#1", "?pbx:a#1", "cpbx:x");
        assertEquals(Optional.of(new CallbackItem.Ref("sup:port#1", "?pbx:a#1", "cpbx:x")), CallbackItem.parseId(id));
        assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
        assertEquals(Optional.empty(), CallbackItem.parseId("not an id"));
        assertEquals(Optional.empty(), CallbackItem.parseId("eHl6"));
    }

    /**
     * Two groups' closures, each of its own first item ({@code 0}), merged into one line and number: keyed along the
     * merged facts they close distinct items (the one open at each closure's time), and a group's own closures keep
     * their keys.
     */
    @Test
    void closuresAreKeyedAgainAlongMergedFacts() {
        CallbackClosure first = new CallbackClosure(WorklistFromFacts.FIRST_KEY, T0.plusSeconds(150), "wrong_number",
                "emma");
        CallbackClosure second = new CallbackClosure(WorklistFromFacts.FIRST_KEY, T0.plusSeconds(330),
                "resolved_elsewhere", "emma");
        List<CallbackFact> facts = List.of(missed("m1", 1), missed("m2", 4));
        assertEquals(List.of(first), WorklistFromFacts.rekeyed(List.of(facts.get(0)), List.of(first)),
                "one group's own closure keeps its key");
        List<CallbackClosure> merged = WorklistFromFacts.rekeyed(facts, List.of(second, first));
        assertEquals(List.of("0", "x0"), merged.stream().map(CallbackClosure::itemKey).toList());
        List<CallbackItem> items = WorklistFromFacts.items("1", "support", CALLER, facts, merged);
        assertEquals(List.of("0", "x0"), items.stream().map(CallbackItem::key).toList());
        assertEquals(List.of(CallbackItem.State.CLOSED, CallbackItem.State.CLOSED),
                items.stream().map(CallbackItem::state).toList());
    }

    @Test
    void aFactUnderANewKeyKeepsItsVersionsCount() {
        CallbackFact fact = missed("m1", 1);
        String version = CallbackFact.version(call("m1", Direction.IN, CALLER, 1, null, true), Optional.of(fact));
        String moved = CallbackFact.version(version, fact.withSubject("+4930999"));
        assertEquals(version.substring(0, 7), moved.substring(0, 7));
        assertTrue(moved.contains("|+4930999|") && !moved.contains(CALLER), moved);
        assertEquals(version, CallbackFact.version(moved, fact), "and back");
    }
}
