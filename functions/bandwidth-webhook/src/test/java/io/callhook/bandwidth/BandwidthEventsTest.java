// Unit tests (pure translation, no I/O): Bandwidth v1 and v2 callback fields to canonical call events.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.bandwidth.BandwidthEvents.Api;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BandwidthEventsTest {

    static final Instant RECEIVED = Instant.parse("2025-11-23T12:00:00Z");
    static final String V1_CALL = "c-2ygmekgtb6xm2s2bdmrs7ii";
    static final String V2_CALL = "c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d";
    static final String V2_LEG = "c-2a913f94-6a486f3a-3cae-4034-bcc3-f0c9fa77ca2f";

    static Fields fields(String... namesAndValues) {
        Fields.Builder builder = Fields.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    static CallEvent translate(Fields fields) {
        return BandwidthEvents.translate(fields, "local", RECEIVED).event();
    }

    static HttpError refused(Fields fields) {
        return assertThrows(HttpError.class, () -> BandwidthEvents.translate(fields, "local", RECEIVED));
    }

    static Fields v1(String eventType, String... more) {
        String[] base = {"eventType", eventType, "callId", V1_CALL, "from", "+13233326955", "to", "+13865245000",
                "callUri", "https://api.catapult.inetwork.com/v1/users/u-1/calls/" + V1_CALL,
                "time", "2025-11-23T11:59:40.112Z"};
        return merged(base, more);
    }

    static Fields v2(String eventType, String... more) {
        String[] base = {"eventType", eventType, "eventTime", "2025-11-23T12:12:29.200Z", "accountId", "55555555",
                "applicationId", "7fc9698a", "from", "+15551112222", "to", "+15553334444", "direction", "inbound",
                "callId", V2_CALL, "callUrl", "https://voice.bandwidth.com/api/v2/accounts/55555555/calls/" + V2_CALL,
                "startTime", "2025-11-23T12:09:59.234Z"};
        return merged(base, more);
    }

    /** The base fields with {@code more} replacing or adding values by name. */
    static Fields merged(String[] base, String[] more) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String[] pairs : List.of(base, more)) {
            for (int i = 0; i < pairs.length; i += 2) {
                all.put(pairs[i], pairs[i + 1]);
            }
        }
        Fields.Builder builder = Fields.builder();
        all.forEach(builder::add);
        return builder.build();
    }

    @Nested
    class TellingTheApisApart {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"time", "callUri", "callState", "recordingUri", "conferenceUri"})
        void aCatapultFieldMeansV1(String field) {
            assertEquals(Api.CATAPULT_V1, BandwidthEvents.apiOf(fields("eventType", "x", field, "active")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"eventTime", "accountId", "callUrl", "startTime"})
        void aVoiceApiFieldMeansV2(String field) {
            assertEquals(Api.VOICE_V2, BandwidthEvents.apiOf(fields("eventType", "x", field, "2025-11-23T12:00:00Z")));
        }

        @Test
        void aCatapultRecordingWithStartTimeIsStillV1() {
            Fields recording = fields("callId", V1_CALL, "eventType", "recording", "recordingUri", "https://r",
                    "status", "complete", "startTime", "2013-08-19T16:56:57.643Z", "endTime", "2013-08-19T16:57:08Z");
            assertEquals(Api.CATAPULT_V1, BandwidthEvents.apiOf(recording));
            CallEvent event = translate(recording);
            assertEquals(EventType.OTHER, event.type());
            assertNull(event.ringingAt());
            assertNull(event.endedAt());
        }

        @Test
        void aBodyThatIsNeitherIsRefusedNamingBothApis() {
            HttpError error = refused(fields("event", "newCall", "callId", "x", "direction", "in"));
            assertEquals(422, error.status());
            assertTrue(error.getMessage().contains("v1 (Catapult)"), error.getMessage());
            assertTrue(error.getMessage().contains("v2 (Voice API)"), error.getMessage());
        }

        @Test
        void aBodyMixingBothIsRefused() {
            HttpError error = refused(v2("disconnect", "time", "2025-11-23T12:00:00Z"));
            assertEquals(422, error.status());
            assertTrue(error.getMessage().contains("mixes"), error.getMessage());
        }

        @Test
        void blankMarkersDoNotCount() {
            assertEquals(422, refused(fields("eventType", "answer", "callId", "x", "time", " ")).status());
        }
    }

    @Nested
    class CatapultV1 {

        @Test
        void incomingCallRingsInboundAtItsTime() {
            CallEvent event = translate(v1("incomingcall", "callState", "active", "applicationId", "a-1"));
            assertEquals(EventType.NEW_CALL, event.type());
            assertEquals(Direction.IN, event.direction());
            assertEquals(Instant.parse("2025-11-23T11:59:40.112Z"), event.ringingAt());
            assertNull(event.answeredAt());
            assertNull(event.endedAt());
            assertEquals("+13233326955", event.from());
            assertEquals("+13865245000", event.to());
            assertEquals(Map.of("callUri", "https://api.catapult.inetwork.com/v1/users/u-1/calls/" + V1_CALL,
                    "applicationId", "a-1"), event.attributes());
        }

        @Test
        void answerSetsOnlyTheAnswerTimeAndKeepsTheCallsTag() {
            CallEvent event = translate(v1("answer", "tag", "support-line"));
            assertEquals(EventType.ANSWER, event.type());
            assertEquals(Instant.parse("2025-11-23T11:59:40.112Z"), event.answeredAt());
            assertNull(event.ringingAt());
            assertNull(event.direction());
            assertEquals("support-line", event.attributes().get("tag"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"NORMAL_CLEARING, NORMAL", "ORIGINATOR_CANCEL, CANCEL", "USER_BUSY, BUSY",
                "CALL_REJECTED, REJECTED", "UNALLOCATED_NUMBER, NOT_FOUND", "NO_ANSWER, NO_ANSWER",
                "NORMAL_TEMPORARY_FAILURE, CONGESTION"})
        void everyDocumentedHangupCauseMapsToItsCanonicalCause(String raw, Cause canonical) {
            CallEvent event = translate(v1("hangup", "cause", raw, "callState", "completed"));
            assertEquals(EventType.HANGUP, event.type());
            assertEquals(Instant.parse("2025-11-23T11:59:40.112Z"), event.endedAt());
            assertEquals(raw, event.rawCause());
            assertEquals(canonical, event.cause());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"RECOVERY_ON_TIMER_EXPIRE", "MEDIA_TIMEOUT", "something new"})
        void anyOtherHangupCauseIsAnInternalErrorKeptVerbatim(String raw) {
            CallEvent event = translate(v1("hangup", "cause", raw));
            assertEquals(raw, event.rawCause());
            assertEquals(Cause.ERROR, event.cause());
        }

        @Test
        void aHangupWithoutCauseHasAnUnknownCause() {
            CallEvent event = translate(v1("hangup"));
            assertNull(event.rawCause());
            assertEquals(Cause.UNKNOWN, event.cause());
        }

        @Test
        void timeoutIsAHangupWithNoAnswer() {
            CallEvent event = translate(v1("timeout", "time", "2025-11-23T14:06:45.250+0200"));
            assertEquals(EventType.HANGUP, event.type());
            assertEquals(Cause.NO_ANSWER, event.cause());
            assertEquals("timeout", event.rawCause());
            assertEquals(Instant.parse("2025-11-23T12:06:45.250Z"), event.endedAt());
        }

        @Test
        void aRejectedCallIsAHangupWithCallRejectedAndAnOffsetTime() {
            CallEvent event = translate(v1("hangup", "cause", "CALL_REJECTED", "time", "2014-04-23T11:53:43-03"));
            assertEquals(Cause.REJECTED, event.cause());
            assertEquals(Instant.parse("2014-04-23T14:53:43Z"), event.endedAt());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"playback", "speak", "gather", "dtmf", "recording", "transcription", "conference",
                "conference-member", "conference-playback", "conference-speak", "redirect", "sms", "whatever"})
        void mediaAndOtherEventsCarryNoTimeCauseDirectionOrTag(String eventType) {
            CallEvent event = translate(v1(eventType, "tag", "media-command-tag", "cause", "NORMAL_CLEARING",
                    "status", "done"));
            assertEquals(EventType.OTHER, event.type());
            assertNull(event.ringingAt());
            assertNull(event.answeredAt());
            assertNull(event.endedAt());
            assertNull(event.cause());
            assertNull(event.rawCause());
            assertNull(event.direction());
            assertEquals(Set.of("callUri"), event.attributes().keySet());
            assertEquals("+13233326955", event.from());
        }

        @Test
        void transferCompleteNamesTheBLegsNumbersSoTheyAreNotTaken() {
            CallEvent event = translate(v1("transferComplete", "callState", "active"));
            assertEquals(EventType.OTHER, event.type());
            assertNull(event.from());
            assertNull(event.to());
        }

        @Test
        void eventNamesAreReadWhateverTheirCase() {
            assertEquals(EventType.NEW_CALL, translate(v1("incomingCall")).type());
            assertEquals(EventType.HANGUP, translate(v1("HANGUP")).type());
        }

        @Test
        void aLifecycleEventWithoutTimeTakesTheReceiveTime() {
            Fields noTime = fields("eventType", "answer", "callId", V1_CALL, "callState", "active");
            assertEquals(RECEIVED, translate(noTime).answeredAt());
        }

        @Test
        void anUnreadableTimeOnALifecycleEventIsRefused() {
            HttpError error = refused(v1("hangup", "time", "14/11/2012 15:56"));
            assertEquals(422, error.status());
            assertTrue(error.getMessage().startsWith("field time "), error.getMessage());
        }

        @Test
        void aMediaEventsTimeIsNotReadSoItCannotRefuseTheEvent() {
            Fields speak = fields("eventType", "speak", "callId", V1_CALL, "callUri", "u", "time", "not a time");
            assertEquals(EventType.OTHER, translate(speak).type());
        }

        @Test
        void callIdAndEventTypeAreRequired() {
            HttpError noCallId = refused(fields("eventType", "hangup", "callUri", "u", "time", "2025-11-23T12:00Z"));
            assertEquals(422, noCallId.status());
            assertEquals("field callId is required", noCallId.getMessage());
            HttpError noType = refused(fields("callId", V1_CALL, "callUri", "u"));
            assertEquals("field eventType is required", noType.getMessage());
        }
    }

    @Nested
    class VoiceApiV2 {

        @Test
        void initiateRingsAtStartTimeWithTheCallsDirectionAndDetails() {
            CallEvent event = translate(v2("initiate"));
            assertEquals(EventType.NEW_CALL, event.type());
            assertEquals(Direction.IN, event.direction());
            assertEquals(Instant.parse("2025-11-23T12:09:59.234Z"), event.ringingAt());
            assertNull(event.answeredAt());
            assertEquals(Set.of("callUrl", "accountId", "applicationId"), event.attributes().keySet());
        }

        @Test
        void answerKnowsStartAndAnswerTimes() {
            CallEvent event = translate(v2("answer", "direction", "outbound", "answerTime",
                    "2025-11-23T12:10:00.900Z", "tag", "campaign-42"));
            assertEquals(EventType.ANSWER, event.type());
            assertEquals(Direction.OUT, event.direction());
            assertEquals(Instant.parse("2025-11-23T12:09:59.234Z"), event.ringingAt());
            assertEquals(Instant.parse("2025-11-23T12:10:00.900Z"), event.answeredAt());
            assertEquals("campaign-42", event.attributes().get("tag"));
        }

        @Test
        void disconnectOfAnAnsweredCallKeepsEveryTimeAndTheErrorDetails() {
            CallEvent event = translate(v2("disconnect", "answerTime", "2025-11-23T12:10:00.900Z",
                    "endTime", "2025-11-23T12:12:29.120Z", "cause", "invalid-bxml", "errorMessage", "bad verb",
                    "errorId", "4642074b"));
            assertEquals(EventType.HANGUP, event.type());
            assertEquals(Instant.parse("2025-11-23T12:09:59.234Z"), event.ringingAt());
            assertEquals(Instant.parse("2025-11-23T12:10:00.900Z"), event.answeredAt());
            assertEquals(Instant.parse("2025-11-23T12:12:29.120Z"), event.endedAt());
            assertEquals(Cause.ERROR, event.cause());
            assertEquals("bad verb", event.attributes().get("errorMessage"));
            assertEquals("4642074b", event.attributes().get("errorId"));
        }

        @Test
        void aDisconnectWithoutAnswerTimeWasNeverAnswered() {
            CallEvent event = translate(v2("disconnect", "endTime", "2025-11-23T12:10:29.120Z", "cause", "cancel"));
            assertNull(event.answeredAt());
            assertEquals(Cause.CANCEL, event.cause());
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"hangup, NORMAL", "busy, BUSY", "timeout, NO_ANSWER", "cancel, CANCEL", "rejected, REJECTED",
                "callback-error, ERROR", "invalid-bxml, ERROR", "application-error, ERROR", "account-limit, CONGESTION",
                "node-capacity-exceeded, CONGESTION", "error, ERROR", "unknown, UNKNOWN",
                "some-future-cause, UNKNOWN", "NORMAL_CLEARING, NORMAL"})
        void disconnectCausesMapThroughBandwidthsTableAndUnknownOnesAreKept(String raw, Cause canonical) {
            CallEvent event = translate(v2("disconnect", "endTime", "2025-11-23T12:10:29Z", "cause", raw));
            assertEquals(raw, event.rawCause());
            assertEquals(canonical, event.cause());
        }

        @Test
        void transferAnswerIsTheAnswerOfTheBLegWithItsOwnNumbers() {
            CallEvent event = translate(fields("eventType", "transferAnswer", "eventTime", "2025-11-23T12:10:09.477Z",
                    "accountId", "55555555", "from", "+15551112222", "to", "+15553334444", "direction", "outbound",
                    "callId", V2_LEG, "parentCallId", V2_CALL, "startTime", "2025-11-23T12:10:05.100Z",
                    "answerTime", "2025-11-23T12:10:09.432Z", "transferCallerId", "+15551110000",
                    "transferTo", "+15556667777"));
            assertEquals(V2_LEG, event.callId());
            assertEquals(EventType.ANSWER, event.type());
            assertEquals(V2_CALL, event.previousCallId());
            assertEquals(Direction.OUT, event.direction());
            assertEquals("+15551110000", event.from());
            assertEquals("+15556667777", event.to());
            assertEquals(Instant.parse("2025-11-23T12:10:05.100Z"), event.ringingAt());
            assertEquals(Instant.parse("2025-11-23T12:10:09.432Z"), event.answeredAt());
        }

        @Test
        void transferDisconnectEndsTheBLeg() {
            CallEvent event = translate(fields("eventType", "transferDisconnect",
                    "eventTime", "2025-11-23T12:12:28.003Z", "from", "+15551112222", "to", "+15553334444",
                    "direction", "outbound", "callId", V2_LEG, "parentCallId", V2_CALL,
                    "startTime", "2025-11-23T12:10:05.100Z", "endTime", "2025-11-23T12:10:35.000Z",
                    "transferCallerId", "+15551112222", "transferTo", "+15556667777", "cause", "timeout"));
            assertEquals(EventType.HANGUP, event.type());
            assertEquals(V2_CALL, event.previousCallId());
            assertEquals("+15556667777", event.to());
            assertNull(event.answeredAt());
            assertEquals(Cause.NO_ANSWER, event.cause());
        }

        @Test
        void transferCompleteReportsTheBLegToTheALegWithoutEndingIt() {
            CallEvent event = translate(v2("transferComplete", "answerTime", "2025-11-23T12:10:00.900Z",
                    "transferCallerId", "+15551110000", "transferTo", "+15556667777", "cause", "busy",
                    "errorMessage", "Callee is busy"));
            assertEquals(EventType.OTHER, event.type());
            assertEquals(V2_CALL, event.callId());
            assertEquals("+15551112222", event.from());
            assertEquals("+15553334444", event.to());
            assertNull(event.cause());
            assertNull(event.endedAt());
            assertNull(event.answeredAt());
            assertNull(event.ringingAt());
            assertNull(event.previousCallId());
            assertEquals(Set.of("callUrl", "accountId", "applicationId"), event.attributes().keySet());
        }

        @Test
        void recordingTimesAreNotCallTimes() {
            CallEvent event = translate(v2("recordingAvailable", "endTime", "2025-11-23T12:12:27.500Z",
                    "recordingId", "r-1", "status", "complete", "tag", "t"));
            assertEquals(EventType.OTHER, event.type());
            assertNull(event.ringingAt());
            assertNull(event.endedAt());
            assertEquals(Direction.IN, event.direction());
            assertEquals(Set.of("callUrl", "accountId", "applicationId"), event.attributes().keySet());
        }

        @Test
        void anEventOfABLegTakesTheBLegsNumbersAndParent() {
            CallEvent event = translate(v2("gather", "callId", V2_LEG, "parentCallId", V2_CALL,
                    "transferCallerId", "+15551110000", "transferTo", "+15556667777", "digits", "1"));
            assertEquals(EventType.OTHER, event.type());
            assertEquals(V2_CALL, event.previousCallId());
            assertEquals("+15551110000", event.from());
            assertEquals("+15556667777", event.to());
        }

        @Test
        void theEventsOwnTimeFallsBackToEventTimeThenToTheReceiveTime() {
            Fields noEndTime = fields("eventType", "disconnect", "eventTime", "2025-11-23T12:12:29.200Z",
                    "callId", V2_CALL, "cause", "hangup");
            assertEquals(Instant.parse("2025-11-23T12:12:29.200Z"), translate(noEndTime).endedAt());
            Fields onlyStart = fields("eventType", "answer", "callId", V2_CALL, "startTime", "2025-11-23T12:09:59Z");
            assertEquals(RECEIVED, translate(onlyStart).answeredAt());
        }

        @Test
        void aBadDirectionIsRefused() {
            HttpError error = refused(v2("initiate", "direction", "in"));
            assertEquals(422, error.status());
            assertEquals("field direction must be inbound or outbound", error.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"startTime", "answerTime", "endTime"})
        void anUnreadableTimeThatBecomesAFactIsRefused(String field) {
            HttpError error = refused(v2("disconnect", "answerTime", "2025-11-23T12:10:00Z",
                    "endTime", "2025-11-23T12:11:00Z", field, "2025-11-23 noon"));
            assertEquals(422, error.status());
            assertTrue(error.getMessage().startsWith("field " + field + " "), error.getMessage());
        }

        @Test
        void missingCallIdIsRefused() {
            HttpError error = refused(fields("eventType", "conferenceCreated", "eventTime", "2025-11-23T12:00:00Z",
                    "accountId", "55555555", "conferenceId", "conf-1"));
            assertEquals("field callId is required", error.getMessage());
        }
    }

    @Test
    void getQueriesGetTheirLiteralPlusBackInNumbersAndTimesOnly() {
        Fields decoded = Fields.builder().add("from", " 12096626728").add("to", "sip:agent@example.com")
                .add("time", "2025-11-23T14:03:10 02:00").add("tag", "two words").build();
        Fields fixed = BandwidthEvents.fromQuery(decoded);
        assertEquals("+12096626728", fixed.first("from"));
        assertEquals("sip:agent@example.com", fixed.first("to"));
        assertEquals("2025-11-23T14:03:10+02:00", fixed.first("time"));
        assertEquals("two words", fixed.first("tag"));
    }
}
