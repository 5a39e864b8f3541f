// Unit tests of the missed and done rules: pure functions, no I/O.
package io.callhook.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallOutcomesTest {

    private static final Set<String> VOICEMAIL = Set.of("voicemail");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static CallRecord call(Direction direction, Instant answeredAt, Instant endedAt, Cause cause, String answeredBy,
                           Boolean doneByAgent) {
        return new CallRecord("c1", "pbx", Set.of("newCall"), direction, "+4930", "+4922", null, Set.of(),
                answeredBy, T0, T0, answeredAt, endedAt, cause == null ? null : cause.wire(), cause, null, Set.of(),
                Map.of(), doneByAgent, null, "1", false, false);
    }

    @ParameterizedTest
    @EnumSource(value = Cause.class, names = "FORWARDED", mode = EnumSource.Mode.EXCLUDE)
    void anUnansweredInboundCallThatEndedIsMissedWhateverTheCause(Cause cause) {
        CallRecord missed = call(Direction.IN, null, T0.plusSeconds(20), cause, null, null);
        assertTrue(CallOutcomes.isMissed(missed, VOICEMAIL));
        assertFalse(CallOutcomes.isDone(missed, VOICEMAIL));
    }

    @Test
    void aForwardedCallIsNotMissedTheFollowOnCallDecides() {
        CallRecord forwarded = call(Direction.IN, null, T0.plusSeconds(5), Cause.FORWARDED, null, null);
        assertFalse(CallOutcomes.isMissed(forwarded, VOICEMAIL));
        assertTrue(CallOutcomes.isDone(forwarded, VOICEMAIL));
    }

    @Test
    void aCallThatAnotherCallContinuesIsNotMissedWhateverItsCause() {
        CallRecord unanswered = call(Direction.IN, null, T0.plusSeconds(5), Cause.NORMAL, null, null);
        CallRecord continued = new CallRecord(unanswered.callId(), unanswered.source(), unanswered.events(),
                unanswered.direction(), unanswered.from(), unanswered.to(), null, Set.of(), null, T0, T0, null,
                unanswered.endedAt(), "normalClearing", Cause.NORMAL, null, Set.of("c2"), Map.of(), null, null, "1",
                false, false);
        assertTrue(CallOutcomes.isMissed(unanswered, VOICEMAIL));
        assertFalse(CallOutcomes.isMissed(continued, VOICEMAIL));
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void aBlockedCallerIsNeverMissedWhateverTheCause(Cause cause) {
        CallRecord unanswered = call(Direction.IN, null, T0.plusSeconds(2), cause, null, null);
        CallRecord blocked = new CallRecord(unanswered.callId(), unanswered.source(), unanswered.events(),
                unanswered.direction(), unanswered.from(), unanswered.to(), null, Set.of(), null, T0, T0, null,
                unanswered.endedAt(), cause.wire(), cause, null, Set.of(), Map.of(), null, null, "1", false, true);
        assertFalse(CallOutcomes.isMissed(blocked, VOICEMAIL));
        assertTrue(CallOutcomes.isDone(blocked, VOICEMAIL));
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void anAnsweredCallIsNeverMissedWhateverTheCause(Cause cause) {
        CallRecord answered = call(Direction.IN, T0.plusSeconds(3), T0.plusSeconds(60), cause, "jdoe", null);
        assertFalse(CallOutcomes.isMissed(answered, VOICEMAIL));
        assertTrue(CallOutcomes.isDone(answered, VOICEMAIL));
    }

    @Test
    void aCallAnsweredByVoicemailIsMissed() {
        CallRecord voicemail = call(Direction.IN, T0.plusSeconds(30), T0.plusSeconds(90), Cause.NORMAL,
                "voicemail", null);
        assertTrue(CallOutcomes.isMissed(voicemail, VOICEMAIL));
        assertFalse(CallOutcomes.isMissed(voicemail, Set.of("mailbox")));
    }

    @Test
    void outboundAndStillRingingCallsAreNotMissed() {
        assertFalse(CallOutcomes.isMissed(call(Direction.OUT, null, T0.plusSeconds(9), Cause.CANCEL, null, null),
                VOICEMAIL));
        assertFalse(CallOutcomes.isMissed(call(Direction.IN, null, null, null, null, null), VOICEMAIL));
        assertFalse(CallOutcomes.isMissed(call(null, null, T0.plusSeconds(9), Cause.CANCEL, null, null), VOICEMAIL));
    }

    @Test
    void doneFollowsZammadUntilAnAgentSetsIt() {
        assertTrue(CallOutcomes.isDone(call(Direction.OUT, null, null, null, null, null), VOICEMAIL));
        assertFalse(CallOutcomes.isDone(call(Direction.IN, null, null, null, null, null), VOICEMAIL));
        CallRecord missedButHandled = call(Direction.IN, null, T0.plusSeconds(20), Cause.CANCEL, null, true);
        assertTrue(CallOutcomes.isDone(missedButHandled, VOICEMAIL));
        CallRecord answeredButReopened = call(Direction.IN, T0, T0.plusSeconds(20), Cause.NORMAL, "jdoe", false);
        assertFalse(CallOutcomes.isDone(answeredButReopened, VOICEMAIL));
    }

    @Test
    void stateDurationsAndLineAreDerivedFromTheFacts() {
        CallRecord answered = call(Direction.IN, T0.plusSeconds(12), T0.plusSeconds(75), Cause.NORMAL, "jdoe", null);
        assertEquals(CallState.HANGUP, answered.state());
        assertEquals(12L, answered.waitingSeconds());
        assertEquals(63L, answered.talkingSeconds());
        assertEquals("+4922", answered.line());
        CallRecord ringing = call(Direction.OUT, null, null, null, null, null);
        assertEquals(CallState.NEW_CALL, ringing.state());
        assertEquals(null, ringing.waitingSeconds());
        assertEquals("+4930", ringing.line());
        CallRecord lateAnswer = call(Direction.IN, T0.plusSeconds(80), T0.plusSeconds(75), Cause.NORMAL, "x", null);
        assertEquals(CallState.HANGUP, lateAnswer.state());
        assertEquals(0L, lateAnswer.talkingSeconds());
    }
}
