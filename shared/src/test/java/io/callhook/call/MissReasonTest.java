// Unit tests of the miss reasons, the short-abandon option and the open-call limits: pure functions, no I/O.
package io.callhook.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MissReasonTest {

    /** A Monday, 10:00 in Berlin. */
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final MissSettings DEFAULT = MissSettings.of(Set.of("voicemail"));
    private static final BusinessHours WEEKDAYS = new BusinessHours(ZoneId.of("Europe/Berlin"),
            Map.of(DayOfWeek.MONDAY, List.of(new BusinessHours.Range(LocalTime.of(8, 0), LocalTime.of(18, 0)))),
            Set.of(LocalDate.parse("2026-11-30")));

    static CallRecord call(Instant start, Instant answeredAt, String answeredBy, long endAfterMillis, Cause cause,
                           boolean inferred) {
        return new CallRecord("c1", "pbx", Set.of("newCall", "hangup"), Direction.IN, "+4930", "+4922", "support",
                Set.of(), answeredBy, start, start, answeredAt, start.plusMillis(endAfterMillis),
                cause == null ? null : cause.wire(), cause, null, Set.of(), Map.of(), null, null, "1", inferred, false);
    }

    /** {@code c} as a call of {@code organization} on {@code line} (its queue). */
    static CallRecord withLineAndOrganization(CallRecord c, String line, String organization) {
        return new CallRecord(c.callId(), c.source(), c.events(), c.direction(), c.from(), c.to(), line, c.users(),
                c.answeredBy(), c.firstSeenAt(), c.ringingAt(), c.answeredAt(), c.endedAt(), c.rawCause(), c.cause(),
                c.previousCallId(), c.nextCallIds(), c.attributes(), c.doneByAgent(), c.expiresAt(), organization,
                c.inferred(), c.blocked());
    }

    static CallRecord ended(long afterMillis, Cause cause) {
        return call(T0, null, null, afterMillis, cause, false);
    }

    @ParameterizedTest
    @CsvSource({"BUSY, busy", "REJECTED, rejected", "NO_ANSWER, no_answer", "NOT_FOUND, unreachable",
        "CONGESTION, unreachable", "ERROR, unreachable", "UNKNOWN, unknown"})
    void theCauseDecidesWhenNobodyHungUpOnPurpose(Cause cause, String reason) {
        assertEquals(reason, CallOutcomes.missReason(ended(60_000, cause), DEFAULT).wire());
    }

    @ParameterizedTest
    @CsvSource({"CANCEL", "NORMAL", ","})
    void aCallerWhoHangsUpWithinTheThresholdAbandonedShortAfterItAbandoned(Cause cause) {
        assertEquals(MissReason.ABANDONED_SHORT, CallOutcomes.missReason(ended(5_000, cause), DEFAULT));
        assertEquals(MissReason.ABANDONED, CallOutcomes.missReason(ended(5_001, cause), DEFAULT));
    }

    @Test
    void voicemailIsItsOwnReason() {
        assertEquals(MissReason.VOICEMAIL,
                CallOutcomes.missReason(call(T0, T0.plusSeconds(20), "voicemail", 60_000, Cause.NORMAL, false),
                        DEFAULT));
    }

    @Test
    void aCallThatStartedOutsideBusinessHoursOrOnAHolidayIsOutOfHoursEvenIfVoicemailTookIt() {
        MissSettings rules = new MissSettings(Set.of("voicemail"),
                Map.of("support", new LineSettings(Duration.ofSeconds(5), true, WEEKDAYS)), LineSettings.DEFAULT);
        assertEquals(MissReason.ABANDONED, CallOutcomes.missReason(ended(60_000, Cause.CANCEL), rules));
        Instant evening = Instant.parse("2026-11-23T17:00:00Z");
        assertEquals(MissReason.OUT_OF_HOURS,
                CallOutcomes.missReason(call(evening, evening.plusSeconds(9), "voicemail", 60_000, null, false),
                        rules));
        Instant tuesday = Instant.parse("2026-11-24T09:00:00Z");
        assertEquals(MissReason.OUT_OF_HOURS, CallOutcomes.missReason(call(tuesday, null, null, 60_000, Cause.BUSY,
                false), rules));
        Instant holiday = Instant.parse("2026-11-30T09:00:00Z");
        assertEquals(MissReason.OUT_OF_HOURS, CallOutcomes.missReason(call(holiday, null, null, 60_000, Cause.BUSY,
                false), rules));
        assertTrue(CallOutcomes.isMissed(call(holiday, null, null, 60_000, Cause.BUSY, false), rules));
    }

    @Test
    void anInferredEndIsUnknownWhateverElseHolds() {
        MissSettings rules = new MissSettings(Set.of("voicemail"),
                Map.of("support", new LineSettings(Duration.ofSeconds(5), false, WEEKDAYS)), LineSettings.DEFAULT);
        CallRecord inferred = call(Instant.parse("2026-11-24T09:00:00Z"), null, null, 0, Cause.UNKNOWN, true);
        assertEquals(MissReason.UNKNOWN, CallOutcomes.missReason(inferred, rules));
        assertTrue(CallOutcomes.isMissed(inferred, rules));
    }

    /**
     * The README's table order where two rows apply at once: an inferred end, then opening hours, then voicemail,
     * then the cause (an unknown cause among the causes, after them all but the abandons).
     */
    @Test
    void anUnknownCauseLosesToOpeningHoursAndVoicemailButAnInferredEndWinsOverBoth() {
        MissSettings rules = new MissSettings(Set.of("voicemail"),
                Map.of("support", new LineSettings(Duration.ofSeconds(5), true, WEEKDAYS)), LineSettings.DEFAULT);
        Instant evening = Instant.parse("2026-11-23T17:00:00Z");
        assertEquals(MissReason.OUT_OF_HOURS,
                CallOutcomes.missReason(call(evening, null, null, 60_000, Cause.UNKNOWN, false), rules));
        assertEquals(MissReason.VOICEMAIL,
                CallOutcomes.missReason(call(T0, T0.plusSeconds(9), "voicemail", 60_000, Cause.UNKNOWN, false), rules));
        assertEquals(MissReason.UNKNOWN,
                CallOutcomes.missReason(call(T0, null, null, 60_000, Cause.UNKNOWN, false), rules), "open hours");
        assertEquals(MissReason.UNKNOWN,
                CallOutcomes.missReason(call(evening, evening.plusSeconds(9), "voicemail", 0, Cause.UNKNOWN, true),
                        rules));
    }

    @Test
    void aLineThatLeavesShortAbandonsOutDoesNotCountThemButKeepsTheirReason() {
        MissSettings rules = new MissSettings(Set.of(), Map.of(),
                Map.of("1", Map.of("support", new LineSettings(Duration.ofSeconds(10), false, null))),
                        LineSettings.DEFAULT);
        CallRecord shortAbandon = ended(8_000, Cause.CANCEL);
        assertFalse(CallOutcomes.isMissed(shortAbandon, rules));
        assertTrue(CallOutcomes.isDone(shortAbandon, rules));
        assertEquals(MissReason.ABANDONED_SHORT, CallOutcomes.missReason(shortAbandon, rules));
        assertTrue(CallOutcomes.isMissed(ended(10_001, Cause.CANCEL), rules));
        assertTrue(CallOutcomes.isMissed(ended(8_000, Cause.BUSY), rules), "only abandons are left out");
        assertTrue(CallOutcomes.isMissed(shortAbandon, DEFAULT), "counted by default");
    }

    @Test
    void aCallThatIsNotMissedHasNoReason() {
        assertNull(CallOutcomes.missReason(call(T0, T0.plusSeconds(3), "jdoe", 60_000, Cause.NORMAL, false), DEFAULT));
        assertNull(CallOutcomes.missReason(ended(60_000, Cause.FORWARDED), DEFAULT));
    }

    @Test
    void rulesOfAnOrganizationsLineComeBeforeRulesOfTheLineNameAndTheFallback() {
        LineSettings org = new LineSettings(Duration.ofSeconds(1), true, null);
        LineSettings line = new LineSettings(Duration.ofSeconds(2), true, null);
        LineSettings fallback = new LineSettings(Duration.ofSeconds(3), true, null);
        CallRecord call = ended(1_000, Cause.CANCEL);
        assertEquals(org, new MissSettings(Set.of(), Map.of("support", line), Map.of("1", Map.of("support", org)),
                fallback).forCall(call));
        assertEquals(line, new MissSettings(Set.of(), Map.of("support", line), Map.of("2", Map.of("support", org)),
                fallback).forCall(call));
        assertEquals(fallback, new MissSettings(Set.of(), Map.of("sales", line), fallback).forCall(call));
    }

    @Test
    void anotherOrganizationsLineNamedLikeAnOrganizationsKeyGetsNoneOfItsRules() {
        LineSettings orgA = new LineSettings(Duration.ofSeconds(1), false, WEEKDAYS);
        MissSettings rules = new MissSettings(Set.of(), Map.of(), Map.of("org-a", Map.of("desk", orgA)),
                LineSettings.DEFAULT);
        CallRecord orgBCall = withLineAndOrganization(ended(1_000, Cause.CANCEL), "org-a/desk", "org-b");
        assertEquals(LineSettings.DEFAULT, rules.forCall(orgBCall));
        assertEquals(orgA, rules.forCall(withLineAndOrganization(ended(1_000, Cause.CANCEL), "desk", "org-a")));
        assertEquals(LineSettings.DEFAULT, rules.forCall(withLineAndOrganization(ended(1_000, Cause.CANCEL), "desk",
                "org-b")));
    }

    @Test
    void anOpenCallIsOverdueAfterItsLimitSinceItsLastActivity() {
        OpenCallLimits limits = OpenCallLimits.DEFAULT;
        CallRecord ringing = new CallRecord("c1", "pbx", Set.of("newCall"), Direction.IN, "+4930", "+4922", null,
                Set.of(), null, T0, T0, null, null, null, null, null, Set.of(), Map.of(), null, null, "1");
        assertFalse(CallOutcomes.isOverdue(ringing, limits, T0.plus(Duration.ofMinutes(30)).minusMillis(1)));
        assertTrue(CallOutcomes.isOverdue(ringing, limits, T0.plus(Duration.ofMinutes(30))));
        CallRecord answered = new CallRecord("c1", "pbx", Set.of("newCall", "answer"), Direction.IN, "+4930",
                "+4922", null, Set.of(), "jdoe", T0, T0, T0.plusSeconds(10), null, null, null, null, Set.of(),
                Map.of(), null, null, "1");
        assertFalse(CallOutcomes.isOverdue(answered, limits, T0.plus(Duration.ofHours(12))));
        assertTrue(CallOutcomes.isOverdue(answered, limits, T0.plus(Duration.ofHours(12)).plusSeconds(10)));
        assertFalse(CallOutcomes.isOverdue(ended(1, Cause.CANCEL), limits, T0.plus(Duration.ofDays(9))));

        CallEvent close = CallOutcomes.inferredHangup(answered, T0.plus(Duration.ofDays(1)));
        assertEquals(EventType.INFERRED_HANGUP, close.type());
        assertEquals(T0.plusSeconds(10), close.endedAt(), "the last known activity");
        assertNull(close.cause());
    }
}
