// Unit tests of the queue reports' rules (what a call contributes, how intervals roll up): pure functions, no I/O.
package io.callhook.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.LineSettings;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportsTest {

    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final MissSettings RULES = MissSettings.of(Set.of("voicemail"));

    /** An inbound call on support: rings at {@code start}, answered after {@code answerAfter} s (or not), ends. */
    static CallRecord inbound(String id, Instant start, Integer answerAfter, String answeredBy, long endAfter,
                              Cause cause) {
        Instant answered = answerAfter == null ? null : start.plusSeconds(answerAfter);
        return new CallRecord(id, "pbx", Set.of("newCall", "hangup"), Direction.IN, "+4930", "+4922", "support",
                Set.of("emma"), answeredBy, start, start, answered, start.plusSeconds(endAfter),
                cause == null ? null : cause.wire(), cause, null, Set.of(), Map.of(), null, null, "1");
    }

    static ReportFact fact(CallRecord call, MissSettings rules) {
        return ReportFact.of(call, rules).orElseThrow();
    }

    @Test
    void eachCallIsAnsweredMissedOrAShortAbandonWithTheMissedCallListsReason() {
        assertEquals(ReportFact.Outcome.ANSWERED, fact(inbound("a", T0, 12, "emma", 100, Cause.NORMAL), RULES)
                .outcome());
        ReportFact abandoned = fact(inbound("b", T0, null, null, 30, Cause.CANCEL), RULES);
        assertEquals(ReportFact.Outcome.MISSED, abandoned.outcome());
        assertEquals(MissReason.ABANDONED, abandoned.reason());
        assertEquals(30_000, abandoned.waitMillis());
        // short abandons are missed calls by default, and not on a line that leaves them out
        assertEquals(ReportFact.Outcome.MISSED, fact(inbound("c", T0, null, null, 3, Cause.CANCEL), RULES).outcome());
        MissSettings leaveOut = new MissSettings(Set.of("voicemail"), Map.of(),
                new LineSettings(Duration.ofSeconds(5), false, null));
        ReportFact shortAbandon = fact(inbound("c", T0, null, null, 3, Cause.CANCEL), leaveOut);
        assertEquals(ReportFact.Outcome.SHORT_ABANDON, shortAbandon.outcome());
        assertEquals(MissReason.ABANDONED_SHORT, shortAbandon.reason());
        // voicemail is a miss, a forwarded leg and a call still ringing are not offered (yet)
        assertEquals(MissReason.VOICEMAIL, fact(inbound("d", T0, 20, "voicemail", 60, Cause.NORMAL), RULES)
                .reason());
        assertEquals(Optional.empty(), ReportFact.of(inbound("e", T0, null, null, 10, Cause.FORWARDED), RULES));
        CallRecord ringing = inbound("f", T0, null, null, 0, null);
        ringing = new CallRecord(ringing.callId(), "pbx", Set.of("newCall"), Direction.IN, "+4930", "+4922",
                "support", Set.of(), null, T0, T0, null, null, null, null, null, Set.of(), Map.of(), null, null, "1");
        assertEquals(Optional.empty(), ReportFact.of(ringing, RULES));
    }

    @Test
    void aCallIsReportedOnceItEndedWithItsTalkTime() {
        CallRecord ended = inbound("a", T0, 12, "emma", 100, Cause.NORMAL);
        CallRecord talking = new CallRecord("a", "pbx", Set.of("newCall", "answer"), Direction.IN, "+4930", "+4922",
                "support", Set.of("emma"), "emma", T0, T0, T0.plusSeconds(12), null, null, null, null, Set.of(),
                Map.of(), null, null, "1");
        assertEquals(Optional.empty(), ReportFact.of(talking, RULES), "a call still going on costs no write");
        assertEquals(88L, fact(ended, RULES).talkSeconds());
        assertEquals(12_000, fact(ended, RULES).waitMillis());
        assertTrue(ReportFact.version(talking, ReportFact.of(talking, RULES))
                .compareTo(ReportFact.version(ended, ReportFact.of(ended, RULES))) < 0, "the end is newer");
    }

    @Test
    void figuresOfAQuarterHour() {
        MissSettings rules = new MissSettings(Set.of("voicemail"), Map.of(),
                new LineSettings(Duration.ofSeconds(5), false, null, Duration.ofSeconds(15)));
        List<ReportFact> facts = List.of(
                fact(inbound("a", T0, 10, "emma", 70, Cause.NORMAL), rules),          // in service level
                fact(inbound("b", T0.plusSeconds(60), 15, "emma", 45, Cause.NORMAL), rules), // exactly at it
                fact(inbound("c", T0.plusSeconds(120), 40, "liam", 100, Cause.NORMAL), rules), // after it
                fact(inbound("d", T0.plusSeconds(180), null, null, 30, Cause.CANCEL), rules),  // abandoned
                fact(inbound("e", T0.plusSeconds(240), null, null, 2, Cause.CANCEL), rules),   // short, not missed
                fact(inbound("f", T0.plusSeconds(300), null, null, 60, Cause.BUSY), rules));   // busy
        List<CallbackOutcome> callbacks = List.of(
                new CallbackOutcome("support", T0.plusSeconds(180), T0.plusSeconds(600), true, 420, "emma"),
                new CallbackOutcome("support", T0.plusSeconds(300), T0.plusSeconds(700), true, 400, "emma"),
                new CallbackOutcome("support", T0.minusSeconds(3600), T0.plusSeconds(800), false, 4400, null),
                new CallbackOutcome("support", T0.minusSeconds(3600), T0.plusSeconds(810), true, 4000, "liam"));
        ZonedDateTime from = T0.atZone(BERLIN);
        List<Reports.Row<Figures>> rows = Reports.lines(facts, callbacks, Granularity.FIFTEEN_MINUTES, from,
                from.plusMinutes(30), "support", false, rules);
        assertEquals(2, rows.size());
        assertEquals("2026-11-23T10:00+01:00[Europe/Berlin]", rows.get(0).start().toString());
        Map<String, Object> view = rows.get(0).figures().view();
        assertEquals(6L, view.get("offered"));
        assertEquals(3L, view.get("answered"));
        assertEquals(2L, view.get("answeredInServiceLevel"));
        assertEquals(40.0, view.get("serviceLevelPercent"), "2 of 5: the short abandon left out");
        assertEquals(1L, view.get("abandoned"));
        assertEquals(1L, view.get("shortAbandoned"));
        assertEquals(2L, view.get("missed"));
        assertEquals(Map.of("abandoned", 1L, "busy", 1L), view.get("missedByReason"));
        assertEquals(21.7, view.get("averageWaitSeconds"));
        assertEquals(40.0, view.get("longestWaitSeconds"));
        assertEquals(50.0, view.get("averageTalkSeconds"));
        assertEquals(150L, view.get("talkSeconds"));
        assertEquals(2L, view.get("callbacksOpened"));
        assertEquals(4L, view.get("callbacksResolved"));
        assertEquals(420.0, view.get("medianSecondsToCallback"), "of 400, 420 and 4000 s");
        assertEquals(0L, rows.get(1).figures().view().get("offered"), "an empty interval is a row of zeros");
        assertNull(rows.get(1).figures().view().get("serviceLevelPercent"));

        List<Reports.Row<AgentFigures>> agents = Reports.agents(facts, callbacks, Granularity.HOUR, from,
                from.plusHours(1), agent -> agent);
        assertEquals(List.of("emma", "liam"), agents.stream().map(Reports.Row::key).toList());
        assertEquals(Map.of("answered", 2L, "talkSeconds", 90L, "outboundAttempts", 0L, "outboundConnects", 0L,
                "callbacksMade", 2L), agents.get(0).figures().view());
    }

    @Test
    void intervalsAreTheOrganizationsLocalClockAcrossADaylightSavingChange() {
        ZonedDateTime day = LocalDate.parse("2026-10-25").atStartOfDay(BERLIN);
        List<ZonedDateTime> quarters = new ArrayList<>();
        for (ZonedDateTime at = day; at.isBefore(day.plusDays(1)); at = Granularity.FIFTEEN_MINUTES.next(at)) {
            quarters.add(at);
        }
        assertEquals(100, quarters.size(), "a 25-hour day");
        assertEquals(25, Reports.lines(List.of(), List.of(), Granularity.HOUR, day, day.plusDays(1), null, false,
                RULES).size());
        Instant lateEvening = Instant.parse("2026-11-29T23:30:00Z"); // Monday 00:30 in Berlin
        assertEquals("2026-11-30T00:00+01:00[Europe/Berlin]",
                Granularity.WEEK.start(lateEvening, BERLIN).toString());
        assertEquals("2026-11-23T00:00Z", Granularity.WEEK.start(lateEvening, ZoneOffset.UTC).toString());
        assertEquals("2026-12-01T00:00+01:00[Europe/Berlin]",
                Granularity.MONTH.start(Instant.parse("2026-11-30T23:10:00Z"), BERLIN).toString());
        ZonedDateTime kathmandu = Granularity.FIFTEEN_MINUTES.start(Instant.parse("2026-11-23T09:07:00Z"),
                ZoneId.of("Asia/Kathmandu"));
        assertEquals("14:45", kathmandu.toLocalTime().toString(), "a +05:45 zone's quarter hours");
    }

    @Test
    void rolledUpIntervalsAddTheSameCallsAsTheirQuarterHours() {
        List<ReportFact> facts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            facts.add(fact(inbound("c" + i, T0.plusSeconds(i * 577L), i % 3 == 0 ? null : i % 30, "emma",
                    40 + i, Cause.CANCEL), RULES));
        }
        ZonedDateTime from = T0.atZone(BERLIN).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        long quarters = Reports.lines(facts, List.of(), Granularity.FIFTEEN_MINUTES, from, from.plusDays(1), null,
                false, RULES).stream().mapToLong(r -> (Long) r.figures().view().get("answered")).sum();
        Map<String, Object> day = Reports.lines(facts, List.of(), Granularity.DAY, from, from.plusDays(1), null,
                false, RULES).get(0).figures().view();
        assertEquals(quarters, day.get("answered"));
        assertEquals(40L, day.get("offered"));
    }

    @Test
    void serviceLevelThresholdsComeFromEachLinesRules() {
        MissSettings rules = LineSettingsConfig.parse("{\"support\": {\"serviceLevelSeconds\": 30}}", Set.of(
                "voicemail"),
                Set.of("1"));
        assertEquals(Duration.ofSeconds(30), rules.forLine("1", "support").serviceLevel());
        assertEquals(LineSettings.DEFAULT_SERVICE_LEVEL, rules.forLine("1", "sales").serviceLevel());
        assertThrows(IllegalStateException.class, () -> LineSettingsConfig.parse(
                "{\"support\": {\"serviceLevelSeconds\": -1}}", Set.of(), Set.of("1")));
    }

    @Test
    void settingsNameEachOrganizationsZoneAndItsSupervisors() {
        ReportSettings settings = ReportSettings.fromEnvironment(Environment.of(Map.of(
                ReportSettings.TIME_ZONES_VARIABLE, "org-a=Europe/Berlin, org-b=America/New_York",
                ReportSettings.SUPERVISORS_VARIABLE, "org-a/a1")));
        assertEquals(BERLIN, settings.zone("org-a"));
        assertEquals(ZoneId.of("UTC"), settings.zone("org-c"));
        assertTrue(settings.supervises(new Agent("a1", "anna", null, Set.of(), "org-a")));
        assertEquals(false, settings.supervises(new Agent("a1", "anna", null, Set.of(), "org-b")));
        assertThrows(IllegalStateException.class, () -> ReportSettings.parse("org-a=Mars/Base", ""));
        assertThrows(IllegalStateException.class, () -> ReportSettings.parse("", "a1"));
    }
}
