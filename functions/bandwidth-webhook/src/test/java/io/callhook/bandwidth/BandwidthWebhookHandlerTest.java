// Handler tests (the DynamoDB engine over HTTP): the sample events in events/bandwidth through the real handler.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.CallState;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.config.Environment;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.CallFacts;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RefusedRequests;
import io.callhook.testing.RequestCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BandwidthWebhookHandlerTest {

    static final String TOKEN = "local-test-token";
    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/bandwidth");
    static final Set<String> VOICEMAIL = Set.of("voicemail");
    static final String BXML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    /** The call ids used in the sample files; tests rename them so each test works on its own records. */
    static final List<String> SAMPLE_CALL_IDS = List.of(
            "c-2ygmekgtb6xm2s2bdmrs7ii", "c-7nbumxvizlxo7ebsgf2ekqa", "c-4r5wfw2mtdcq4yjvrsf2t3a",
            "c-hmyhzzwsx3l4qiqz7jyrpsa", "c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d",
            "c-2a913f94-6a486f3a-3cae-4034-bcc3-f0c9fa77ca2f", "c-9e1b6a7c-3d4f4e2a-8b7c-4f1d-9a2e-6c5b4a3d2e1f",
            "c-d45a41e5-bcf2b0ae-8da7-4e7e-a7c3-f2b3e1d0c9b8");

    /** What each sample file reports: the canonical event it adds to its call's record. */
    static final Map<String, String> SAMPLE_EVENT_TYPES = Map.ofEntries(
            Map.entry("v1-incomingcall.json", "newCall"), Map.entry("v1-incomingcall-get.json", "newCall"),
            Map.entry("v1-answer.json", "answer"), Map.entry("v1-speak.json", "other"),
            Map.entry("v1-hangup.json", "hangup"), Map.entry("v1-hangup-get.json", "hangup"),
            Map.entry("v1-reject.json", "hangup"), Map.entry("v1-timeout.json", "hangup"),
            Map.entry("v2-initiate.json", "newCall"), Map.entry("v2-answer.json", "answer"),
            Map.entry("v2-transferAnswer.json", "answer"), Map.entry("v2-transferComplete.json", "other"),
            Map.entry("v2-transferDisconnect.json", "hangup"), Map.entry("v2-disconnect.json", "hangup"),
            Map.entry("v2-disconnect-busy.json", "hangup"), Map.entry("v2-recordingAvailable.json", "other"));

    static final String V1_CALL = "c-2ygmekgtb6xm2s2bdmrs7ii";
    static final String V1_GET_CALL = "c-7nbumxvizlxo7ebsgf2ekqa";
    static final String V2_CALL = "c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d";
    static final String V2_LEG = "c-2a913f94-6a486f3a-3cae-4034-bcc3-f0c9fa77ca2f";

    static LocalDynamo local;
    static BandwidthWebhookHandler handler;
    static RequestCounter counter;
    static DynamoCallStore store;
    static DynamoDbJsonClient dynamo;
    static String table;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        table = tables.get("CallsTable");
        Environment env = local.functionEnvironment("BandwidthWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(TOKEN) + ",other:" + TokenHashes.hashOf("t2")));
        counter = new RequestCounter();
        handler = new BandwidthWebhookHandler(TokenHashes.parse(env.require("WEBHOOK_TOKEN_HASHES")),
                DynamoCallStore.fromEnvironment(local.client(counter), env));
        dynamo = local.client();
        store = DynamoCallStore.fromEnvironment(dynamo, env);
    }

    static Stream<String> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    /** A sample event with every sample call id given {@code suffix}, so each test has its own records. */
    static APIGatewayV2HTTPEvent load(String file, String suffix) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(file).toString());
        if (event.getBody() != null) {
            event.setBody(renamed(event.getBody(), suffix));
        }
        if (event.getRawQueryString() != null) {
            event.setRawQueryString(renamed(event.getRawQueryString(), suffix));
        }
        if (event.getQueryStringParameters() != null) {
            Map<String, String> parameters = new LinkedHashMap<>();
            event.getQueryStringParameters().forEach((k, v) -> parameters.put(k, renamed(v, suffix)));
            event.setQueryStringParameters(parameters);
        }
        return event;
    }

    static String renamed(String text, String suffix) {
        for (String callId : SAMPLE_CALL_IDS) {
            text = text.replace(callId, callId + suffix);
        }
        return text;
    }

    static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    static void sendAll(String suffix, String... files) {
        for (String file : files) {
            APIGatewayV2HTTPResponse response = send(load(file, suffix));
            assertEquals(200, response.getStatusCode(), file + ": " + response.getBody());
        }
    }

    static CallRecord record(String callId) {
        return store.find("local:" + callId).orElseThrow(() -> new AssertionError("no record for " + callId));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void everySampleEventIsStoredWithOneWriteAndAnsweredAsItsApiExpects(String file) {
        String expectedEvent = SAMPLE_EVENT_TYPES.get(file);
        assertTrue(expectedEvent != null, "add " + file + " to SAMPLE_EVENT_TYPES");
        String suffix = "-sample-" + file;
        APIGatewayV2HTTPEvent event = load(file, suffix);
        counter.reset();
        APIGatewayV2HTTPResponse response = send(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        if (file.startsWith("v1-")) {
            assertEquals("application/json", response.getHeaders().get("content-type"));
            assertEquals("{}", response.getBody());
        } else {
            assertEquals("application/xml", response.getHeaders().get("content-type"));
            assertEquals(BXML, response.getBody());
        }
        assertEquals(List.of(writeFor(event)), counter.requests());
        String callId = event.getBody() == null ? event.getQueryStringParameters().get("callId")
                : String.valueOf(Json.parseObject(event.getBody()).get("callId"));
        assertTrue(callId.endsWith(suffix), callId);
        CallRecord call = record(callId);
        assertEquals("local", call.source());
        assertEquals(Set.of(expectedEvent), call.events());
        assertEquals(event.getRequestContext().getTimeEpoch(), call.firstSeenAt().toEpochMilli());
    }

    @Test
    void initiateIsAnsweredWithEmptyBxml() {
        APIGatewayV2HTTPResponse response = send(load("v2-initiate.json", "-bxml"));
        assertEquals(200, response.getStatusCode());
        assertEquals("application/xml", response.getHeaders().get("content-type"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", response.getBody());
    }

    @Test
    void aV1InboundCallIsRecordedFromItsOwnTimes() {
        sendAll("-v1", "v1-incomingcall.json", "v1-answer.json", "v1-speak.json", "v1-hangup.json");
        CallRecord call = record(V1_CALL + "-v1");
        assertEquals(CallState.HANGUP, call.state());
        assertEquals(Set.of("newCall", "answer", "other", "hangup"), call.events());
        assertEquals(Direction.IN, call.direction());
        assertEquals("+13233326955", call.from());
        assertEquals("+13865245000", call.to());
        assertEquals(Instant.parse("2025-11-23T11:59:40.112Z"), call.ringingAt());
        assertEquals(Instant.parse("2025-11-23T11:59:52.480Z"), call.answeredAt());
        assertEquals(Instant.parse("2025-11-23T12:01:07.636Z"), call.endedAt());
        assertEquals("NORMAL_CLEARING", call.rawCause());
        assertEquals(Cause.NORMAL, call.cause());
        assertEquals("support-line", call.attributes().get("tag"), "the speak command's tag is not the call's");
        assertEquals("a-j4f2jz53mq5eqh7sbwmqsqa", call.attributes().get("applicationId"));
        assertTrue(call.attributes().get("callUri").endsWith("/calls/" + V1_CALL + "-v1"));
        assertEquals(12L, call.waitingSeconds());
        assertEquals(75L, call.talkingSeconds());
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void theSameCallInReverseOrderGivesTheSameRecord() {
        List<String> files = List.of("v1-incomingcall.json", "v1-answer.json", "v1-speak.json", "v1-hangup.json");
        sendAll("-forward", files.toArray(String[]::new));
        List<String> reversed = new ArrayList<>(files);
        Collections.reverse(reversed);
        sendAll("-reverse", reversed.toArray(String[]::new));
        assertEquals(CallFacts.withoutSuffix(record(V1_CALL + "-forward"), "-forward"),
                CallFacts.withoutSuffix(record(V1_CALL + "-reverse"), "-reverse"));
    }

    @Test
    void v1GetCallbacksWithALiteralPlusGiveAMissedCall() {
        sendAll("-get", "v1-incomingcall-get.json", "v1-hangup-get.json");
        CallRecord call = record(V1_GET_CALL + "-get");
        assertEquals(Direction.IN, call.direction());
        assertEquals("+12096626728", call.from());
        assertEquals("+13865245000", call.to());
        assertEquals(Instant.parse("2025-11-23T12:03:10Z"), call.ringingAt());
        assertEquals(Instant.parse("2025-11-23T12:03:31Z"), call.endedAt(), "09:03:31-03");
        assertEquals(Cause.CANCEL, call.cause());
        assertTrue(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void v1GetCallbacksWithAPercentEncodedPlusGiveTheSameNumbers() {
        APIGatewayV2HTTPEvent event = load("v1-incomingcall-get.json", "-get-encoded");
        event.setRawQueryString(event.getRawQueryString().replace("=+1", "=%2B1"));
        assertTrue(event.getRawQueryString().contains("from=%2B12096626728"));
        assertEquals(200, send(event).getStatusCode());
        assertEquals("+12096626728", record(V1_GET_CALL + "-get-encoded").from());
    }

    @Test
    void v1RejectAndTimeoutEndTheCallWithTheirCauses() {
        sendAll("-ends", "v1-reject.json", "v1-timeout.json");
        CallRecord rejected = record("c-4r5wfw2mtdcq4yjvrsf2t3a-ends");
        assertEquals(Cause.REJECTED, rejected.cause());
        assertEquals(Instant.parse("2025-11-23T12:05:02Z"), rejected.endedAt());
        CallRecord timedOut = record("c-hmyhzzwsx3l4qiqz7jyrpsa-ends");
        assertEquals(Cause.NO_ANSWER, timedOut.cause());
        assertEquals("timeout", timedOut.rawCause());
        assertEquals(Instant.parse("2025-11-23T12:06:45.250Z"), timedOut.endedAt());
        assertFalse(timedOut.answered());
    }

    @Test
    void aV2InboundCallAndItsTransferLegAreTwoLinkedRecords() {
        sendAll("-v2", "v2-initiate.json", "v2-transferAnswer.json", "v2-transferDisconnect.json",
                "v2-transferComplete.json", "v2-disconnect.json", "v2-recordingAvailable.json");
        CallRecord call = record(V2_CALL + "-v2");
        assertEquals(Set.of("newCall", "other", "hangup"), call.events());
        assertEquals(Direction.IN, call.direction());
        assertEquals("+15551112222", call.from());
        assertEquals("+15553334444", call.to());
        assertEquals(Instant.parse("2025-11-23T12:09:59.234Z"), call.ringingAt());
        assertEquals(Instant.parse("2025-11-23T12:10:00.900Z"), call.answeredAt());
        assertEquals(Instant.parse("2025-11-23T12:12:29.120Z"), call.endedAt());
        assertEquals(Cause.NORMAL, call.cause());
        assertNull(call.previousCallId());
        assertEquals(Map.of("callUrl", "https://voice.bandwidth.com/api/v2/accounts/55555555/calls/" + V2_CALL + "-v2",
                "accountId", "55555555", "applicationId", "7fc9698a-b04a-468b-9e8f-91238c0d0086"), call.attributes());
        CallRecord leg = record(V2_LEG + "-v2");
        assertEquals(Set.of("answer", "hangup"), leg.events());
        assertEquals(V2_CALL + "-v2", leg.previousCallId());
        assertEquals(Direction.OUT, leg.direction());
        assertEquals("+15551112222", leg.from());
        assertEquals("+15556667777", leg.to());
        assertEquals(Instant.parse("2025-11-23T12:10:05.100Z"), leg.ringingAt());
        assertEquals(Instant.parse("2025-11-23T12:10:09.432Z"), leg.answeredAt());
        assertEquals(Instant.parse("2025-11-23T12:12:27.987Z"), leg.endedAt());
    }

    @Test
    void aRecordingEventAloneLeavesTheCallWithoutCallTimes() {
        sendAll("-rec", "v2-recordingAvailable.json");
        CallRecord call = record(V2_CALL + "-rec");
        assertEquals(Set.of("other"), call.events());
        assertNull(call.ringingAt());
        assertNull(call.endedAt());
        assertEquals(CallState.NEW_CALL, call.state());
    }

    @Test
    void v2OutboundCallsAnsweredOrBusy() {
        sendAll("-out", "v2-answer.json", "v2-disconnect-busy.json");
        CallRecord answered = record("c-9e1b6a7c-3d4f4e2a-8b7c-4f1d-9a2e-6c5b4a3d2e1f-out");
        assertEquals(CallState.ANSWER, answered.state());
        assertEquals(Direction.OUT, answered.direction());
        assertEquals("campaign-42", answered.attributes().get("tag"));
        assertEquals(4L, answered.waitingSeconds());
        CallRecord busy = record("c-d45a41e5-bcf2b0ae-8da7-4e7e-a7c3-f2b3e1d0c9b8-out");
        assertEquals(CallState.HANGUP, busy.state());
        assertFalse(busy.answered());
        assertEquals("busy", busy.rawCause());
        assertEquals(Cause.BUSY, busy.cause());
        assertEquals("Callee is busy", busy.attributes().get("errorMessage"));
        assertEquals("4642074b-7b58-478b-96e4-3a60955c6765", busy.attributes().get("errorId"));
        assertFalse(CallOutcomes.isMissed(busy, VOICEMAIL), "an outbound call is never missed");
    }

    @Test
    void anUnknownV2CauseIsKeptAndAccepted() {
        APIGatewayV2HTTPEvent event = load("v2-disconnect.json", "-new-cause");
        event.setBody(event.getBody().replace("\"cause\": \"hangup\"", "\"cause\": \"carrier-gremlins\""));
        assertEquals(200, send(event).getStatusCode());
        CallRecord call = record(V2_CALL + "-new-cause");
        assertEquals("carrier-gremlins", call.rawCause());
        assertEquals(Cause.UNKNOWN, call.cause());
    }

    @Test
    void eachEventOfACallIsExactlyOneWriteAndNoRead() {
        List<String> files = List.of("v2-initiate.json", "v2-transferAnswer.json", "v2-transferDisconnect.json",
                "v2-transferComplete.json", "v2-disconnect.json", "v2-recordingAvailable.json",
                "v1-incomingcall-get.json", "v1-hangup-get.json");
        counter.reset();
        sendAll("-cost", files.toArray(String[]::new));
        assertEquals(files.stream().map(file -> writeFor(load(file, "-cost"))).toList(), counter.requests());
    }

    @Test
    void aTransferLegAndItsParentCallAreLinkedBothWays() {
        APIGatewayV2HTTPEvent leg = load("v2-transferAnswer.json", "-link");
        assertEquals(200, send(leg).getStatusCode());
        Map<String, Object> body = Json.parseObject(leg.getBody());
        String legId = String.valueOf(body.get("callId"));
        String parentId = String.valueOf(body.get("parentCallId"));
        assertEquals(parentId, record(legId).previousCallId());
        assertEquals(Set.of(legId), record(parentId).nextCallIds());
    }

    /** One request per event: an UpdateItem, or a transaction when a transfer leg also links its parent call. */
    static String writeFor(APIGatewayV2HTTPEvent event) {
        return event.getBody() != null && Json.parseObject(event.getBody()).containsKey("parentCallId")
                ? "TransactWriteItems" : "UpdateItem";
    }

    static Stream<Object[]> refusals() {
        String v1 = "{\"eventType\":\"hangup\",\"callId\":\"%s\",\"callUri\":\"u\",\"cause\":\"NORMAL_CLEARING\","
                + "\"time\":\"2025-11-23T12:00:00Z\"}";
        String v2 = "{\"eventType\":\"disconnect\",\"eventTime\":\"2025-11-23T12:00:00Z\",\"accountId\":\"1\","
                + "\"callId\":\"%s\",\"direction\":\"inbound\",\"startTime\":\"2025-11-23T11:59:00Z\","
                + "\"endTime\":\"2025-11-23T12:00:00Z\",\"cause\":\"hangup\"}";
        return Stream.of(
                new Object[] {"malformed JSON", 400, "{\"eventType\":\"hangup\",", "valid JSON"},
                new Object[] {"a CTI body", 422,
                        "{\"event\":\"hangup\",\"callId\":\"r-cti\",\"direction\":\"in\",\"cause\":\"busy\"}",
                        "not a Bandwidth callback"},
                new Object[] {"v1 and v2 mixed", 422, String.format(v2, "r-mixed").replace("}", ",\"callUri\":\"u\"}"),
                        "mixes"},
                new Object[] {"v1 without callId", 422, String.format(v1, "r-1").replace("\"callId\":\"r-1\",", ""),
                        "callId"},
                new Object[] {"v2 without callId", 422, String.format(v2, "r-2").replace("\"callId\":\"r-2\",", ""),
                        "callId"},
                new Object[] {"without eventType", 422,
                        String.format(v1, "r-3").replace("\"eventType\":\"hangup\",", ""), "eventType"},
                new Object[] {"v1 time not ISO-8601", 422, String.format(v1, "r-4").replace("2025-11-23T12:00:00Z",
                        "Sun, 23 Nov 2025 12:00:00 GMT"), "field time"},
                new Object[] {"v2 endTime not ISO-8601", 422, String.format(v2, "r-5").replace(
                        "\"endTime\":\"2025-11-23T12:00:00Z\"", "\"endTime\":\"1763899200\""), "field endTime"},
                new Object[] {"v2 direction not inbound/outbound", 422,
                        String.format(v2, "r-6").replace("inbound", "in"), "direction"},
                new Object[] {"callId too long", 422, String.format(v1, "c".repeat(600)), "callId"},
                new Object[] {"field too long", 422, String.format(v1, "r-8").replace("NORMAL_CLEARING",
                        "X".repeat(2000)), "cause"});
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void refusedBodiesGetAClearJsonErrorAndWriteNothing(String what, int status, String body, String mentions) {
        Refusals refusals = new Refusals();
        APIGatewayV2HTTPEvent event = load("v1-hangup.json", "-refused");
        event.setBody(body);
        refusals.assertRefused(event, status, mentions);
    }

    @Test
    void refusedGetCallbacksWriteNothing() {
        Refusals refusals = new Refusals();
        APIGatewayV2HTTPEvent empty = load("v1-incomingcall-get.json", "-refused-get");
        empty.setRawQueryString("");
        empty.setQueryStringParameters(null);
        refusals.assertRefused(empty, 422, "not a Bandwidth callback");
        APIGatewayV2HTTPEvent badTime = load("v1-incomingcall-get.json", "-refused-get");
        badTime.setRawQueryString(badTime.getRawQueryString().replace("2025-11-23T12%3A03%3A10Z", "noon"));
        refusals.assertRefused(badTime, 422, "field time");
        APIGatewayV2HTTPEvent noCallId = load("v1-incomingcall-get.json", "-refused-get");
        noCallId.setRawQueryString(noCallId.getRawQueryString().replaceAll("&callId=[^&]*", ""));
        refusals.assertRefused(noCallId, 422, "callId");
    }

    @Test
    void tokensAreCheckedBeforeAnythingElse() {
        Refusals refusals = new Refusals();
        APIGatewayV2HTTPEvent wrong = load("v2-initiate.json", "-token");
        wrong.setPathParameters(Map.of("token", "not-the-token"));
        APIGatewayV2HTTPResponse response = refusals.assertRefused(wrong, 401, "token");
        assertFalse(response.getBody().contains("not-the-token"));
        APIGatewayV2HTTPEvent missing = load("v1-incomingcall-get.json", "-token");
        missing.setPathParameters(new HashMap<>());
        refusals.assertRefused(missing, 401, "token");
    }

    /** Issue 13: another integration's callback for the same call id is its own call, never a 409 for this one. */
    @Test
    void aCallIdOfAnotherIntegrationIsAnotherCall() {
        APIGatewayV2HTTPEvent other = load("v2-disconnect.json", "-owned");
        other.setPathParameters(Map.of("token", "t2"));
        assertEquals(200, send(other).getStatusCode());
        sendAll("-owned", "v2-initiate.json");
        CallRecord call = record(V2_CALL + "-owned");
        assertEquals("local", call.source());
        assertEquals(CallState.NEW_CALL, call.state());
        assertEquals(CallState.HANGUP, store.find("other:" + V2_CALL + "-owned").orElseThrow().state());
    }

    /** A handler over tables of its own that start empty, to show a refused request writes nothing. */
    static final class Refusals {
        final RefusedRequests refused = new RefusedRequests((tables, requests) -> {
            Environment env = local.functionEnvironment("BandwidthWebhookFunction", tables,
                    Map.of("WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(TOKEN)));
            return new BandwidthWebhookHandler(TokenHashes.parse(env.require("WEBHOOK_TOKEN_HASHES")),
                    DynamoCallStore.fromEnvironment(local.client(requests), env));
        });

        APIGatewayV2HTTPResponse assertRefused(APIGatewayV2HTTPEvent event, int status, String mentions) {
            return refused.assertRefused(event, status, mentions);
        }
    }
}
