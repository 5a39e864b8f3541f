// Handler tests (the DynamoDB engine over HTTP): the sample callbacks in events/twilio through the real handler,
// signed and unsigned.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.auth.NamedSecrets;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.CallState;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.config.Environment;
import io.callhook.config.Voicemail;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.DynamoCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.CallFacts;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RefusedRequests;
import io.callhook.testing.RequestCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioWebhookHandlerTest {

    static final Set<String> VOICEMAIL = Set.of("voicemail");
    static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    static final String INBOUND = "CA2f1c0e9d8b7a6f5e4d3c2b1a0f9e8d7c";
    static final String LEG = "CA7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";
    static final String MACHINE = "CA5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";
    static final String UNANSWERED_LEG = "CA3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f";

    /** What each sample file reports: the canonical event it adds to its call's record. */
    static final Map<String, String> SAMPLE_EVENT_TYPES = Map.ofEntries(
            Map.entry("inbound-ringing.json", "newCall"), Map.entry("inbound-in-progress.json", "other"),
            Map.entry("inbound-completed.json", "hangup"), Map.entry("inbound-no-answer.json", "hangup"),
            Map.entry("outbound-dial-ringing.json", "newCall"), Map.entry("outbound-dial-in-progress.json", "answer"),
            Map.entry("outbound-dial-completed.json", "hangup"), Map.entry("outbound-dial-no-answer.json", "hangup"),
            Map.entry("outbound-api-busy.json", "hangup"),
            Map.entry("outbound-api-initiated.json", "other"),
            Map.entry("outbound-api-in-progress-machine.json", "answer"),
            Map.entry("outbound-api-completed-machine.json", "hangup"));

    static final List<String> DIALED_CALL = List.of("inbound-ringing.json", "inbound-in-progress.json",
            "outbound-dial-ringing.json", "outbound-dial-in-progress.json", "outbound-dial-completed.json",
            "inbound-completed.json");

    static LocalDynamo local;
    static RequestCounter counter;
    static TwilioWebhookHandler handler;
    static DynamoCallStore store;
    static DynamoDbJsonClient dynamo;
    static Map<String, String> tables;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        tables = local.createTables();
        counter = new RequestCounter();
        handler = handler(tables, counter);
        dynamo = local.client();
        store = DynamoCallStore.fromEnvironment(dynamo, environment(tables));
    }

    /** Integrations: local (the samples'), other (its own auth token), unsigned (no auth token configured). */
    static Environment environment(Map<String, String> tables) {
        return LocalDynamo.shared().functionEnvironment("TwilioWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(TwilioCallbacks.TOKEN) + ",other:"
                        + TokenHashes.hashOf("t2") + ",unsigned:" + TokenHashes.hashOf("t3"),
                "TWILIO_AUTH_TOKENS", "local:" + TwilioCallbacks.AUTH_TOKEN + ",other:other-auth-token"));
    }

    static TwilioWebhookHandler handler(Map<String, String> tables, RequestCounter requests) {
        Environment env = environment(tables);
        return new TwilioWebhookHandler(TokenHashes.parse(env.require("WEBHOOK_TOKEN_HASHES")),
                new TwilioRequests(NamedSecrets.parse(env.require("TWILIO_AUTH_TOKENS")),
                        env.optional("PUBLIC_BASE_URL", "")),
                Voicemail.primary(env), DynamoCallStore.fromEnvironment(LocalDynamo.shared().client(requests), env));
    }

    static Stream<String> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(TwilioCallbacks.EVENTS)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    static void sendAll(String suffix, List<String> files) {
        for (String file : files) {
            APIGatewayV2HTTPResponse response = send(TwilioCallbacks.load(file, suffix));
            assertEquals(200, response.getStatusCode(), file + ": " + response.getBody());
        }
    }

    static CallRecord record(String callId) {
        return store.find("local:" + callId).orElseThrow(() -> new AssertionError("no record for " + callId));
    }

    /** The samples of a leg a person answered: they link it to its parent and answer the parent too. */
    static final Set<String> ANSWERED_LEG_SAMPLES = Set.of("outbound-dial-in-progress.json",
            "outbound-dial-completed.json");

    static List<String> writesFor(String file) {
        return ANSWERED_LEG_SAMPLES.contains(file) ? List.of("TransactWriteItems", "UpdateItem")
                : List.of("UpdateItem");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void everySampleIsStoredAndAnsweredWithEmptyTwiml(String file) {
        String expectedEvent = SAMPLE_EVENT_TYPES.get(file);
        assertTrue(expectedEvent != null, "add " + file + " to SAMPLE_EVENT_TYPES");
        String suffix = "-sample-" + file;
        APIGatewayV2HTTPEvent event = TwilioCallbacks.load(file, suffix);
        counter.reset();
        APIGatewayV2HTTPResponse response = send(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/xml", response.getHeaders().get("content-type"));
        assertEquals(TWIML, response.getBody());
        assertEquals(writesFor(file), counter.requests());
        String callId = TwilioCallbacks.field(event, "CallSid");
        assertTrue(callId.endsWith(suffix), callId);
        CallRecord call = record(callId);
        assertEquals("local", call.source());
        assertEquals(Set.of(expectedEvent), call.events());
        Instant received = Instant.ofEpochMilli(event.getRequestContext().getTimeEpoch());
        if (call.endedAt() == null) {
            assertEquals(received, call.firstSeenAt());
        } else {
            String duration = TwilioCallbacks.field(event, "CallDuration");
            Instant underWay = call.endedAt().minusSeconds(duration == null ? 0 : Long.parseLong(duration));
            assertEquals(underWay.isBefore(received) ? underWay : received, call.firstSeenAt(),
                    "a call first heard of by its final callback is seen from its end minus CallDuration");
            assertFalse(call.startedAt().isAfter(call.endedAt()), "start never follows end");
        }
    }

    @Test
    void theUnchangedSampleFilesCarryValidSignatures() throws IOException {
        for (String file : sampleFiles().toList()) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(
                    TwilioCallbacks.EVENTS.resolve(file).toString());
            String signature = event.getHeaders().get("x-twilio-signature");
            assertEquals(signature, TwilioCallbacks.signed(event, TwilioCallbacks.AUTH_TOKEN).getHeaders()
                    .get("x-twilio-signature"), file + ": sam local invoke sends it as it is");
        }
    }

    @Test
    void anInboundCallDialedToAnAgentIsAnsweredByTheAgentsLegWithTwiliosTimes() {
        sendAll("-dial", DIALED_CALL);
        CallRecord call = record(INBOUND + "-dial");
        assertEquals(Set.of("newCall", "other", "answer", "hangup"), call.events());
        assertEquals(Direction.IN, call.direction());
        assertEquals("+14155550100", call.from());
        assertEquals("+18005550199", call.to());
        assertEquals(Instant.parse("2025-11-24T09:15:00Z"), call.ringingAt());
        assertEquals(Instant.parse("2025-11-24T09:15:04Z"), call.answeredAt(),
                "the leg's end minus its CallDuration 66");
        assertEquals("+14155550123", call.answeredBy(), "the leg's To");
        assertEquals(Instant.parse("2025-11-24T09:16:10Z"), call.endedAt());
        assertEquals("completed", call.rawCause());
        assertEquals(Cause.NORMAL, call.cause());
        assertEquals(Set.of(LEG + "-dial"), call.nextCallIds());
        assertEquals(Map.of("accountSid", "AC4b7c1e0f5d2a4e8c9b3f6a1d0e2c4b6a", "callDuration", "66"),
                call.attributes());
        assertEquals(4L, call.waitingSeconds());
        assertEquals(66L, call.talkingSeconds());
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
        CallRecord leg = record(LEG + "-dial");
        assertEquals(Set.of("newCall", "answer", "hangup"), leg.events());
        assertEquals(INBOUND + "-dial", leg.previousCallId());
        assertEquals(INBOUND + "-dial", leg.attributes().get("parentCallSid"));
        assertEquals(Direction.OUT, leg.direction());
        assertEquals("+14155550123", leg.to());
        assertEquals(Instant.parse("2025-11-24T09:15:01Z"), leg.ringingAt());
        assertEquals(Instant.parse("2025-11-24T09:15:04Z"), leg.answeredAt());
        assertEquals(Instant.parse("2025-11-24T09:16:10Z"), leg.endedAt());
        assertNull(leg.answeredBy(), "a person answered");
    }

    /** The README names the item attributes Twilio's details are kept in; they are the item's, read raw. */
    @Test
    void twiliosDetailsAreKeptInTheItemAttributesTheReadmeNames() throws IOException {
        sendAll("-attrs", List.of("outbound-api-initiated.json", "outbound-api-in-progress-machine.json",
                "outbound-api-completed-machine.json"));
        sendAll("-attrs", DIALED_CALL);
        Set<String> names = new java.util.TreeSet<>();
        try (var sdk = local.sdkClient()) {
            for (String sid : List.of(MACHINE, INBOUND, LEG)) {
                names.addAll(sdk.getItem(b -> b.tableName(tables.get("CallsTable")).consistentRead(true).key(Map.of(
                        "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "local:" + sid + "-attrs")))).item().keySet());
            }
        }
        String readme = Files.readString(SamTemplate.find().resolveSibling("README.md"));
        for (String name : List.of("x_parentCallSid", "x_machineDetection", "x_accountSid", "x_callDuration")) {
            assertTrue(names.contains(name), name + " in " + names);
            assertTrue(readme.contains("`" + name + "`"), "the README names " + name);
        }
        assertFalse(names.contains("parentCallSid") || names.contains("machineDetection"), names.toString());
    }

    @Test
    void theSameCallsInReverseOrderGiveTheSameRecords() {
        sendAll("-forward", DIALED_CALL);
        List<String> reversed = new ArrayList<>(DIALED_CALL);
        Collections.reverse(reversed);
        sendAll("-reverse", reversed);
        for (String sid : List.of(INBOUND, LEG)) {
            assertEquals(CallFacts.withoutSuffix(record(sid + "-forward"), "-forward"),
                    CallFacts.withoutSuffix(record(sid + "-reverse"), "-reverse"));
        }
    }

    @Test
    void anInboundCallNobodyAnsweredIsMissed() {
        sendAll("-missed", List.of("inbound-no-answer.json"));
        CallRecord call = record("CA0a1b2c3d4e5f60718293a4b5c6d7e8f9-missed");
        assertEquals(CallState.HANGUP, call.state());
        assertEquals(Cause.NO_ANSWER, call.cause());
        assertEquals("no-answer", call.rawCause());
        assertFalse(call.answered());
        assertEquals("+18005550100", call.attributes().get("forwardedFrom"));
        assertTrue(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void anOutboundBusyCallEndsBusyAndIsNotMissed() {
        sendAll("-busy", List.of("outbound-api-busy.json"));
        CallRecord call = record("CA9f8e7d6c5b4a39281706f5e4d3c2b1a0-busy");
        assertEquals(Direction.OUT, call.direction());
        assertEquals(Cause.BUSY, call.cause());
        assertFalse(call.answered());
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void aMachineAnsweringIsAnAnswerByTheVoicemailIdentity() {
        sendAll("-amd", List.of("outbound-api-initiated.json", "outbound-api-in-progress-machine.json",
                "outbound-api-completed-machine.json"));
        CallRecord call = record(MACHINE + "-amd");
        assertEquals(Set.of("other", "answer", "hangup"), call.events());
        assertEquals("voicemail", call.answeredBy());
        assertEquals("machine_end_beep", call.attributes().get("machineDetection"));
        assertEquals(Instant.parse("2025-11-24T10:10:07Z"), call.answeredAt());
        assertEquals(Instant.parse("2025-11-24T10:10:31Z"), call.endedAt());
        assertNull(call.ringingAt(), "initiated is not ringing");
    }

    @Test
    void anInboundCallsOwnCallbacksNeverAnswerIt() {
        for (String answeredBy : List.of("machine_start", "fax", "human")) {
            String sid = "CAinbound-" + answeredBy;
            assertEquals(200, send(TwilioCallbacks.of(inbound(sid, "completed", "12", answeredBy), 1_000L))
                    .getStatusCode());
            CallRecord call = record(sid);
            assertFalse(call.answered(), "Twilio answered it to run its TwiML: " + answeredBy);
            assertNull(call.answeredBy());
            assertTrue(CallOutcomes.isMissed(call, VOICEMAIL), answeredBy);
        }
    }

    @Test
    void theSampleCallWhoseDialedAgentDidNotAnswerIsMissed() {
        sendAll("-unanswered", List.of("inbound-ringing.json", "outbound-dial-no-answer.json",
                "inbound-in-progress.json", "inbound-completed.json"));
        CallRecord call = record(INBOUND + "-unanswered");
        assertMissedWithNobodyAnswering(call);
        assertEquals("66", call.attributes().get("callDuration"), "Twilio answered it to run the TwiML");
        assertEquals(70L, call.waitingSeconds(), "from ringing to the end");
        CallRecord attempt = record(UNANSWERED_LEG + "-unanswered");
        assertEquals(Cause.NO_ANSWER, attempt.cause());
        assertNull(attempt.previousCallId(), "an attempt nobody answered is no follow-on call");
        assertEquals(INBOUND + "-unanswered", attempt.attributes().get("parentCallSid"));
    }

    @Test
    void aDialedCallNobodyAnswersIsMissed() {
        String parent = "CAnobody";
        List<Map<String, String>> callbacks = new ArrayList<>();
        callbacks.add(inbound(parent, "ringing", null, null));
        callbacks.addAll(attempt("CAnobody-1", parent, "no-answer", "+14155550123"));
        callbacks.addAll(attempt("CAnobody-2", parent, "busy", "+14155550124"));
        callbacks.add(leg("CAnobody-3", parent, "canceled", "+14155550125", "0", null));
        callbacks.add(inbound(parent, "completed", "35", null));
        sendFields(callbacks);
        CallRecord call = record(parent);
        assertMissedWithNobodyAnswering(call);
        assertEquals(Cause.NORMAL, call.cause(), "the cause missed calls are counted under");
        CallRecord attempt = record("CAnobody-1");
        assertNull(attempt.previousCallId());
        assertEquals(parent, attempt.attributes().get("parentCallSid"));
    }

    @Test
    void aDialedCallAMachineAnsweredIsMissed() {
        String parent = "CAmachine-leg";
        sendFields(List.of(leg("CAmachine-leg-1", parent, "in-progress", "+14155550123", null, "machine_start"),
                leg("CAmachine-leg-1", parent, "completed", "+14155550123", "20", "machine_start"),
                inbound(parent, "completed", "25", null)));
        assertMissedWithNobodyAnswering(record(parent));
        assertEquals("voicemail", record("CAmachine-leg-1").answeredBy());
    }

    /** An inbound call no person answered: not answered, no follow-on call, missed. */
    static void assertMissedWithNobodyAnswering(CallRecord call) {
        assertFalse(call.answered(), "answered");
        assertNull(call.answeredBy(), "answeredBy");
        assertEquals(Set.of(), call.nextCallIds(), "no attempt nobody answered is a follow-on call");
        assertTrue(CallOutcomes.isMissed(call, VOICEMAIL), "missed");
    }

    @Test
    void aDialedCallTheSecondLegAnsweredIsAnsweredByItInAnyOrder() {
        String parent = "CAsecond";
        List<Map<String, String>> callbacks = new ArrayList<>();
        callbacks.add(inbound(parent, "ringing", null, null));
        callbacks.addAll(attempt("CAsecond-1", parent, "no-answer", "+14155550123"));
        callbacks.addAll(List.of(leg("CAsecond-2", parent, "ringing", "+14155550124", null, null),
                withField(leg("CAsecond-2", parent, "in-progress", "+14155550124", null, "human"),
                        "Timestamp", "Mon, 24 Nov 2025 11:00:21 +0000"),
                withField(leg("CAsecond-2", parent, "completed", "+14155550124", "40", "human"),
                        "Timestamp", "Mon, 24 Nov 2025 11:01:00 +0000"),
                inbound(parent, "completed", "45", null)));
        Random random = new Random(7);
        CallRecord inOrder = null;
        for (int run = 0; run < 6; run++) {
            List<Map<String, String>> sequence = new ArrayList<>(callbacks);
            if (run == 1) {
                Collections.reverse(sequence);
            } else if (run > 1) {
                sequence.addAll(callbacks.subList(0, random.nextInt(callbacks.size())));
                Collections.shuffle(sequence, random);
            }
            String suffix = "-order" + run;
            sendFields(sequence.stream().map(fields -> renamed(fields, suffix)).toList());
            CallRecord call = record(parent + suffix);
            assertEquals("+14155550124", call.answeredBy(), "the answering leg's To");
            assertEquals(Instant.parse("2025-11-24T11:00:20Z"), call.answeredAt(), "its end minus CallDuration");
            assertEquals(Set.of("CAsecond-2" + suffix), call.nextCallIds());
            assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
            CallRecord facts = CallFacts.withoutSuffix(call, suffix);
            if (inOrder == null) {
                inOrder = facts;
            }
            assertEquals(inOrder, facts, "run " + run);
        }
    }

    /**
     * Issue 20 item 10: a leg that sends only {@code completed}, delivered half an hour late. Its start is its end
     * minus {@code CallDuration} (never the receive time, after its end); one nobody answered starts when it ends;
     * a {@code ringing} heard later still gives the start.
     */
    @Test
    void aLegHeardOnlyByALateCompletedStartsBeforeItEnds() {
        long late = Instant.parse("2025-11-24T11:30:00Z").toEpochMilli();
        assertEquals(200, send(TwilioCallbacks.of(withField(leg("CAonly-1", "CAonly", "completed", "+14155550124",
                "40", "human"), "Timestamp", "Mon, 24 Nov 2025 11:01:00 +0000"), late)).getStatusCode());
        CallRecord talked = record("CAonly-1");
        assertEquals(Instant.parse("2025-11-24T11:01:00Z"), talked.endedAt());
        assertEquals(Instant.parse("2025-11-24T11:00:20Z"), talked.startedAt(), "its end minus CallDuration");
        assertEquals(Instant.parse("2025-11-24T11:00:20Z"), talked.firstSeenAt());
        assertEquals(Instant.parse("2025-11-24T11:00:20Z"), record("CAonly").startedAt(),
                "the parent it answers started no later than the leg");

        assertEquals(200, send(TwilioCallbacks.of(withField(leg("CAonly-2", "CAonly", "no-answer", "+14155550125",
                "0", null), "Timestamp", "Mon, 24 Nov 2025 11:00:30 +0000"), late + 1)).getStatusCode());
        CallRecord unanswered = record("CAonly-2");
        assertEquals(Instant.parse("2025-11-24T11:00:30Z"), unanswered.startedAt());
        assertEquals(0L, unanswered.waitingSeconds(), "start never follows end");

        assertEquals(200, send(TwilioCallbacks.of(withField(leg("CAonly-2", "CAonly", "ringing", "+14155550125",
                null, null), "Timestamp", "Mon, 24 Nov 2025 11:00:05 +0000"), late + 2)).getStatusCode());
        assertEquals(Instant.parse("2025-11-24T11:00:05Z"), record("CAonly-2").startedAt());
        assertEquals(25L, record("CAonly-2").waitingSeconds());
    }

    void sendFields(List<Map<String, String>> callbacks) {
        long receivedAt = 5_000L;
        for (Map<String, String> fields : callbacks) {
            APIGatewayV2HTTPResponse response = send(TwilioCallbacks.of(fields, receivedAt++));
            assertEquals(200, response.getStatusCode(), fields + ": " + response.getBody());
        }
    }

    /** The callback with {@code suffix} after its call sids. */
    static Map<String, String> renamed(Map<String, String> fields, String suffix) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        for (String name : List.of("CallSid", "ParentCallSid")) {
            changed.computeIfPresent(name, (key, sid) -> sid + suffix);
        }
        return changed;
    }

    /** A {@code <Dial>} attempt nobody answered: its ringing and its end with {@code status}. */
    static List<Map<String, String>> attempt(String sid, String parent, String status, String to) {
        return List.of(leg(sid, parent, "ringing", to, null, null), leg(sid, parent, status, to, "0", null));
    }

    /** A {@code <Dial>} leg's callback. */
    static Map<String, String> leg(String sid, String parent, String status, String to, String duration,
                                   String answeredBy) {
        Map<String, String> fields = withField(withField(inbound(sid, status, duration, answeredBy),
                "Direction", "outbound-dial"), "ParentCallSid", parent);
        fields.put("From", "+14155550100");
        fields.put("To", to);
        return fields;
    }

    static Map<String, String> inbound(String sid, String status, String duration, String answeredBy) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("CallSid", sid);
        fields.put("AccountSid", "AC1");
        fields.put("From", "+14155550100");
        fields.put("To", "+18005550199");
        fields.put("Direction", "inbound");
        fields.put("CallStatus", status);
        fields.put("CallDuration", duration);
        fields.put("AnsweredBy", answeredBy);
        fields.put("Timestamp", "Mon, 24 Nov 2025 11:00:00 +0000");
        return fields;
    }

    @Test
    void aStatusTwilioMayAddIsKeptAsAnEventWithoutState() {
        assertEquals(200, send(TwilioCallbacks.of(inbound("CAnew-status", "held", null, null), 2_000L))
                .getStatusCode());
        CallRecord call = record("CAnew-status");
        assertEquals(Set.of("other"), call.events());
        assertEquals(CallState.NEW_CALL, call.state());
        assertNull(call.rawCause());
    }

    // Refusals: a clear JSON error with the right status, and nothing written.

    static Stream<Object[]> refusals() {
        return Stream.of(
                new Object[] {"without CallSid", inbound(null, "completed", "0", null), "CallSid"},
                new Object[] {"without CallStatus", inbound("CAr-1", null, "0", null), "CallStatus"},
                new Object[] {"an unknown Direction", withField(inbound("CAr-2", "completed", "0", null),
                        "Direction", "trunking-originating"), "Direction"},
                new Object[] {"a Timestamp not RFC 1123", withField(inbound("CAr-3", "completed", "0", null),
                        "Timestamp", "2025-11-24T11:00:00Z"), "Timestamp"},
                new Object[] {"a CallDuration not a number", inbound("CAr-4", "completed", "1.5", null),
                        "CallDuration"},
                new Object[] {"a CallSid too long", inbound("CA" + "x".repeat(600), "completed", "0", null),
                        "CallSid"});
    }

    static Map<String, String> withField(Map<String, String> fields, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.put(name, value);
        return changed;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void signedCallbacksTwilioWouldNotSendAreRefusedWith422(String what, Map<String, String> fields,
                                                             String mentions) {
        new Refusals().assertRefused(TwilioCallbacks.of(fields, 3_000L), 422, mentions);
    }

    @Test
    void aMissingOrWrongSignatureIsRefusedWith403AndWritesNothing() {
        Refusals refusals = new Refusals();
        APIGatewayV2HTTPEvent unsigned = TwilioCallbacks.load("inbound-completed.json", "-unsigned");
        unsigned.getHeaders().remove("x-twilio-signature");
        refusals.assertRefused(unsigned, 403, "X-Twilio-Signature header is missing");

        APIGatewayV2HTTPEvent tampered = TwilioCallbacks.load("inbound-completed.json", "-tampered");
        TwilioCallbacks.setBody(tampered, TwilioCallbacks.body(tampered).replace("CallStatus=completed",
                "CallStatus=no-answer"));
        refusals.assertRefused(tampered, 403, "does not match");

        APIGatewayV2HTTPEvent otherAccount = TwilioCallbacks.signed(
                TwilioCallbacks.load("inbound-completed.json", "-other"), "other-auth-token");
        refusals.assertRefused(otherAccount, 403, "does not match");

        APIGatewayV2HTTPEvent otherHost = TwilioCallbacks.load("inbound-completed.json", "-host");
        otherHost.getHeaders().put("host", "localhost:3001");
        refusals.assertRefused(otherHost, 403, "does not match");

        APIGatewayV2HTTPEvent notConfigured = TwilioCallbacks.load("inbound-completed.json", "-unconfigured");
        notConfigured.setPathParameters(Map.of("token", "t3"));
        refusals.assertRefused(notConfigured, 403, "no Twilio auth token is configured");
    }

    /**
     * The exploit: a signature over the public URL alone (what Twilio signs for a JSON callback) with
     * forged multipart fields. Refused whole, before a single field is read.
     */
    @Test
    void aMultipartBodyUnderAUrlOnlySignatureIsRefusedWith415AndWritesNothing() {
        APIGatewayV2HTTPEvent forged = TwilioCallbacks.load("inbound-no-answer.json", "-multipart");
        forged.getHeaders().put("x-twilio-signature", TwilioSignature.sign(
                TwilioCallbacks.AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), TwilioCallbacks.URL, List.of()));
        forged.getHeaders().put("content-type", "multipart/form-data; boundary=b");
        StringBuilder body = new StringBuilder();
        Map.of("CallSid", "CAforged", "CallStatus", "no-answer", "Direction", "inbound", "From", "+14155550100",
                "To", "+18005550199").forEach((name, value) -> body.append("--b\r\nContent-Disposition: form-data; "
                + "name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        TwilioCallbacks.setBody(forged, body + "--b--\r\n");
        new Refusals().assertRefused(forged, 415, "multipart/form-data is not accepted");

        forged.getHeaders().put("content-type", "text/plain");
        TwilioCallbacks.setBody(forged, "CallSid=CAforged&CallStatus=no-answer");
        new Refusals().assertRefused(forged, 415, "text/plain is not accepted");
    }

    @Test
    void theOtherIntegrationsAuthTokenSignsOnlyItsOwnCallbacks() {
        APIGatewayV2HTTPEvent other = TwilioCallbacks.signed(
                TwilioCallbacks.load("inbound-completed.json", "-owned"), "other-auth-token");
        other.setPathParameters(Map.of("token", "t2"));
        assertEquals(200, send(other).getStatusCode());
        assertEquals("other", store.find("other:" + INBOUND + "-owned").orElseThrow().source());
        assertTrue(store.find("local:" + INBOUND + "-owned").isEmpty());
    }

    @Test
    void theTokenIsCheckedBeforeTheSignature() {
        APIGatewayV2HTTPEvent wrong = TwilioCallbacks.load("inbound-ringing.json", "-token");
        wrong.setPathParameters(new HashMap<>(Map.of("token", "not-the-token")));
        APIGatewayV2HTTPResponse response = new Refusals().assertRefused(wrong, 401, "token");
        assertFalse(response.getBody().contains("not-the-token"));
    }

    /** A handler over tables of its own that start empty, to show a refused request writes nothing. */
    static final class Refusals {
        final RefusedRequests refused = new RefusedRequests(TwilioWebhookHandlerTest::handler);

        APIGatewayV2HTTPResponse assertRefused(APIGatewayV2HTTPEvent event, int status, String mentions) {
            APIGatewayV2HTTPResponse response = refused.assertRefused(event, status, mentions);
            assertFalse(response.getBody().contains(TwilioCallbacks.AUTH_TOKEN));
            return response;
        }
    }
}
