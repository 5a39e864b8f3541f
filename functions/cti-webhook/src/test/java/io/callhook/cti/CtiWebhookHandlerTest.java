// Handler tests: the sample events in events/cti through the real handler into the DynamoDB engine over HTTP.
package io.callhook.cti;

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
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.LocalDynamo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CtiWebhookHandlerTest {

    static final String TOKEN = "local-test-token";
    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/cti");
    static final Set<String> VOICEMAIL = Set.of("voicemail");

    static CtiWebhookHandler handler;
    static DynamoCallStore store;
    static DynamoDbJsonClient dynamo;
    static String table;
    static Environment env;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        table = tables.get("CallsTable");
        env = local.functionEnvironment("CtiWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(TOKEN) + ",other:" + TokenHashes.hashOf("t2")));
        handler = new CtiWebhookHandler(env);
        dynamo = local.client();
        store = DynamoCallStore.fromEnvironment(dynamo, env);
    }

    static Stream<Path> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static APIGatewayV2HTTPEvent load(Path file) {
        return EventLoader.loadApiGatewayHttpEvent(file.toString());
    }

    /** A sample event with its call id replaced, so each test works on its own record. */
    static APIGatewayV2HTTPEvent load(String file, String callId) {
        APIGatewayV2HTTPEvent event = load(EVENTS.resolve(file));
        String body = event.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
        body = body.replace("307fa962-de8d-4ffc-817b-7f6993204159", callId)
                .replace("f4ebd2be-7b9a-4d58-94c2-eb06a3c2ce76", callId);
        event.setBody(event.getIsBase64Encoded()
                ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        return event;
    }

    static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    static APIGatewayV2HTTPEvent json(String body) {
        APIGatewayV2HTTPEvent event = load(EVENTS.resolve("newCall-inbound-json.json"));
        event.setBody(body);
        return event;
    }

    static CallRecord record(String callId) {
        return store.find("local:" + callId).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleEvents")
    void everySampleEventIsAcceptedAndStored(Path file) {
        String name = file.getFileName().toString();
        String callId = "sample-" + name;
        APIGatewayV2HTTPResponse response = send(load(name, callId));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("{}", response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        CallRecord call = record(callId);
        assertEquals("local", call.source());
        String event = name.substring(0, name.indexOf('-'));
        assertEquals(Set.of(event), call.events());
        assertEquals(name.contains("inbound") ? Direction.IN : Direction.OUT, call.direction());
        assertFalse(call.users().isEmpty());
        assertEquals(load(file).getRequestContext().getTimeEpoch(), call.firstSeenAt().toEpochMilli());
        if (event.equals("hangup")) {
            assertEquals(name.contains("inbound") ? Cause.NORMAL : Cause.CANCEL, call.cause());
        }
    }

    @Test
    void theThreeEncodingsOfOneCallGiveTheSameRecord() {
        List<CallRecord> records = Stream.of("json", "urlencoded", "multipart").map(encoding -> {
            String callId = "encoding-" + encoding;
            for (String event : List.of("newCall", "answer", "hangup")) {
                assertEquals(200, send(load(event + "-inbound-" + encoding + ".json", callId)).getStatusCode());
            }
            return record(callId);
        }).toList();
        for (CallRecord call : records) {
            assertEquals(CallState.HANGUP, call.state());
            assertEquals(Set.of("Emma Taylor"), call.users());
            assertEquals("support", call.queue());
            assertEquals("emma@chrispresso.com", call.answeredBy());
            assertEquals("normalClearing", call.rawCause());
            assertEquals(15L, call.waitingSeconds());
            assertEquals(15L, call.talkingSeconds());
            assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
        }
    }

    static Stream<Object[]> refusals() {
        String tooLong = "x".repeat(600);
        return Stream.of(
                new Object[] {"malformed JSON", 400, "{\"event\":\"newCall\",", "valid JSON"},
                new Object[] {"unknown event", 422, "{\"event\":\"ringing\",\"callId\":\"r1\",\"direction\":\"in\"}",
                        "event"},
                new Object[] {"missing event", 422, "{\"callId\":\"r2\",\"direction\":\"in\"}", "event"},
                new Object[] {"bad direction", 422,
                        "{\"event\":\"newCall\",\"callId\":\"r3\",\"direction\":\"inbound\","
                                + "\"from\":\"1\",\"to\":\"2\"}",
                        "direction"},
                new Object[] {"missing callId", 422, "{\"event\":\"hangup\",\"direction\":\"in\",\"cause\":\"busy\"}",
                        "callId"},
                new Object[] {"newCall without from", 422,
                        "{\"event\":\"newCall\",\"callId\":\"r5\",\"direction\":\"in\",\"to\":\"2\"}", "from"},
                new Object[] {"callId too long", 422,
                        "{\"event\":\"hangup\",\"callId\":\"" + tooLong + "\",\"direction\":\"in\"}", "callId"},
                new Object[] {"field too long", 422,
                        "{\"event\":\"hangup\",\"callId\":\"r7\",\"direction\":\"in\",\"cause\":\"" + "y".repeat(2000)
                                + "\"}", "cause"});
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void refusedInputGetsAClearJsonErrorAndWritesNothing(String what, int status, String body, String mentions) {
        long before = itemCount();
        APIGatewayV2HTTPResponse response = send(json(body));
        assertEquals(status, response.getStatusCode(), what);
        Map<String, Object> error = Json.parseObject(response.getBody());
        assertEquals(Set.of("error"), error.keySet());
        assertTrue(String.valueOf(error.get("error")).contains(mentions), String.valueOf(error.get("error")));
        assertFalse(response.getBody().contains("Exception"));
        assertEquals(before, itemCount());
    }

    @Test
    void tokensAreCheckedBeforeAnythingElse() {
        long before = itemCount();
        APIGatewayV2HTTPEvent wrong = load("newCall-inbound-json.json", "token-1");
        wrong.setPathParameters(Map.of("token", "not-the-token"));
        APIGatewayV2HTTPResponse response = send(wrong);
        assertEquals(401, response.getStatusCode());
        assertFalse(response.getBody().contains("not-the-token"));
        APIGatewayV2HTTPEvent missing = load("newCall-inbound-json.json", "token-2");
        missing.setPathParameters(new HashMap<>());
        assertEquals(401, send(missing).getStatusCode());
        assertEquals(before, itemCount());
    }

    @Test
    void bodySizeAndContentTypeAreChecked() {
        APIGatewayV2HTTPEvent large = json("{\"event\":\"newCall\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, send(large).getStatusCode());
        APIGatewayV2HTTPEvent text = load("newCall-inbound-json.json", "ct-1");
        text.setHeaders(Map.of("content-type", "text/plain"));
        assertEquals(415, send(text).getStatusCode());
        assertTrue(store.find("local:" + "ct-1").isEmpty());
    }

    /**
     * Issue 13: another integration's stub for the same call id, created directly or through {@code origCallId}
     * alone, once made this integration's events a 409 and lost its call. Each integration now has its own record.
     */
    @Test
    void anotherIntegrationCannotTakeACallIdAwayNotEvenThroughOrigCallId() {
        APIGatewayV2HTTPEvent stub = json("{\"event\":\"newCall\",\"from\":\"+1\",\"to\":\"+2\","
                + "\"direction\":\"in\",\"callId\":\"stub-2\",\"origCallId\":\"owned-1\"}");
        stub.setPathParameters(Map.of("token", "t2"));
        assertEquals(200, send(stub).getStatusCode());
        APIGatewayV2HTTPEvent direct = load("hangup-outbound-json.json", "owned-1");
        direct.setPathParameters(Map.of("token", "t2"));
        assertEquals(200, send(direct).getStatusCode());

        assertEquals(200, send(load("newCall-inbound-json.json", "owned-1")).getStatusCode());
        assertEquals(200, send(load("hangup-inbound-json.json", "owned-1")).getStatusCode());
        CallRecord call = record("owned-1");
        assertEquals("local", call.source());
        assertEquals("local:owned-1", call.id());
        assertEquals(CallState.HANGUP, call.state());
        assertEquals(Direction.IN, call.direction());
        assertEquals(Set.of(), call.nextCallIds(), "the other integration's forward links only its own calls");
        CallRecord others = store.find("other:owned-1").orElseThrow();
        assertEquals(Set.of("stub-2"), others.nextCallIds());
        assertEquals(Direction.OUT, others.direction());
    }

    @Test
    void zammadsAliasCallUnderscoreIdIsAccepted() {
        APIGatewayV2HTTPResponse response = send(json(
                "{\"event\":\"newCall\",\"call_id\":\"alias-1\",\"direction\":\"in\","
                        + "\"from\":\"anonymous\",\"to\":\"2\"}"));
        assertEquals(200, response.getStatusCode());
        assertEquals("anonymous", record("alias-1").from());
    }

    // The rows of call-semantics.md "Where Zammad fails and callhook must not".

    @Test
    void answerOrHangupForAnUnknownCallIsAcceptedAndCompletedLater() {
        assertEquals(200, send(load("hangup-inbound-json.json", "unknown-1")).getStatusCode());
        assertEquals(CallState.HANGUP, record("unknown-1").state());
        assertEquals(200, send(load("answer-inbound-json.json", "unknown-2")).getStatusCode());
        assertEquals(200, send(load("newCall-inbound-json.json", "unknown-2")).getStatusCode());
        CallRecord completed = record("unknown-2");
        assertEquals(CallState.ANSWER, completed.state());
        assertEquals("support", completed.queue());
    }

    @Test
    void aDuplicateNewCallIsIdempotent() {
        assertEquals(200, send(load("newCall-inbound-json.json", "dup-1")).getStatusCode());
        CallRecord first = record("dup-1");
        APIGatewayV2HTTPEvent again = load("newCall-inbound-json.json", "dup-1");
        again.getRequestContext().setTimeEpoch(again.getRequestContext().getTimeEpoch() + 60_000);
        assertEquals(200, send(again).getStatusCode());
        assertEquals(first, record("dup-1"));
    }

    @Test
    void aDuplicateHangupOnAMissedCallChangesNothing() {
        String body = "{\"event\":\"hangup\",\"callId\":\"missed-1\",\"direction\":\"in\",\"cause\":\"cancel\"}";
        send(load("newCall-inbound-json.json", "missed-1"));
        send(json(body));
        CallRecord missed = record("missed-1");
        assertTrue(CallOutcomes.isMissed(missed, VOICEMAIL));
        send(json(body));
        assertEquals(missed, record("missed-1"));
        assertFalse(CallOutcomes.isDone(record("missed-1"), VOICEMAIL));
    }

    @Test
    void aHangupWithoutACauseIsStoredAsANormalClearingAndAnUnansweredOneIsAnAbandon() {
        send(load("newCall-inbound-json.json", "nocause-1"));
        send(json("{\"event\":\"hangup\",\"callId\":\"nocause-1\",\"direction\":\"in\"}"));
        CallRecord call = record("nocause-1");
        assertEquals(Cause.NORMAL, call.cause());
        assertNull(call.rawCause(), "no cause was sent, none is kept as the provider's");
        assertTrue(CallOutcomes.isMissed(call, VOICEMAIL));
        MissReason reason = CallOutcomes.missReason(call, MissSettings.of(VOICEMAIL));
        assertTrue(reason == MissReason.ABANDONED || reason == MissReason.ABANDONED_SHORT, "reason " + reason);
    }

    @Test
    void theFirstKnownDirectionWins() {
        send(load("newCall-inbound-json.json", "dir-1"));
        send(json("{\"event\":\"hangup\",\"callId\":\"dir-1\",\"direction\":\"out\",\"cause\":\"cancel\"}"));
        assertEquals(Direction.IN, record("dir-1").direction());
        assertTrue(CallOutcomes.isMissed(record("dir-1"), VOICEMAIL));
    }

    @Test
    void aLateAnswerMarksTheCallAnsweredWithoutReopeningIt() {
        send(load("newCall-inbound-json.json", "late-1"));
        send(json("{\"event\":\"hangup\",\"callId\":\"late-1\",\"direction\":\"in\",\"cause\":\"cancel\"}"));
        assertTrue(CallOutcomes.isMissed(record("late-1"), VOICEMAIL));
        send(load("answer-inbound-json.json", "late-1"));
        CallRecord call = record("late-1");
        assertEquals(CallState.HANGUP, call.state());
        assertTrue(call.answered());
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void anAgentsDoneFlagIsNeverOverwrittenByARetry() {
        send(load("newCall-inbound-json.json", "done-1"));
        send(json("{\"event\":\"hangup\",\"callId\":\"done-1\",\"direction\":\"in\",\"cause\":\"cancel\"}"));
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("local:done-1")))
                .updateExpression("SET doneByAgent = :t").expressionAttributeValues(Map.of(":t",
                        AttributeValue.fromBool(true))));
        send(json("{\"event\":\"hangup\",\"callId\":\"done-1\",\"direction\":\"in\",\"cause\":\"cancel\"}"));
        send(load("newCall-inbound-json.json", "done-1"));
        assertTrue(CallOutcomes.isDone(record("done-1"), VOICEMAIL));
    }

    @Test
    void anAnswerNamingOneUserAndNoAnsweringNumberIsAnsweredByThatUser() {
        send(json("{\"event\":\"answer\",\"callId\":\"user-1\",\"direction\":\"in\",\"user\":\"jdoe\"}"));
        assertEquals("jdoe", record("user-1").answeredBy());
        send(json("{\"event\":\"answer\",\"callId\":\"user-2\",\"direction\":\"in\",\"user\":[\"a\",\"b\"]}"));
        assertEquals(null, record("user-2").answeredBy());
        send(json("{\"event\":\"answer\",\"callId\":\"user-3\",\"direction\":\"in\",\"user\":\"jdoe\","
                + "\"answeringNumber\":\"+4930111\"}"));
        assertEquals("+4930111", record("user-3").answeredBy());
    }

    @Test
    void aForwardedThenAnsweredCallIsNotMissedAndBothRecordsAreLinked() {
        send(load("newCall-inbound-json.json", "fwd-1"));
        send(json("{\"event\":\"hangup\",\"callId\":\"fwd-1\",\"direction\":\"in\",\"cause\":\"forwarded\"}"));
        send(json("{\"event\":\"newCall\",\"callId\":\"fwd-2\",\"origCallId\":\"fwd-1\",\"direction\":\"in\","
                + "\"from\":\"493023125741\",\"to\":\"4915112345\"}"));
        send(load("answer-inbound-json.json", "fwd-2"));
        send(load("hangup-inbound-json.json", "fwd-2"));
        CallRecord original = record("fwd-1");
        CallRecord followOn = record("fwd-2");
        assertEquals(Set.of("fwd-2"), original.nextCallIds());
        assertEquals("fwd-1", followOn.previousCallId());
        assertFalse(CallOutcomes.isMissed(original, VOICEMAIL));
        assertFalse(CallOutcomes.isMissed(followOn, VOICEMAIL));
    }

    /**
     * An event that would grow the record past DynamoDB's item limit is refused with 422 and writes nothing, so
     * sending it again is refused again (a retry cannot help), while a small event still fits: 200.
     */
    @Test
    void anEventTheRecordCannotHoldIs422NotARetryForever() {
        int status = 200;
        String refused = null;
        for (int event = 0; event < 20 && status == 200; event++) {
            StringBuilder users = new StringBuilder();
            for (int u = 0; u < 50; u++) {
                users.append(u == 0 ? "" : ",").append('"').append(event).append('-').append(u).append('-')
                        .append("x".repeat(1000)).append('"');
            }
            refused = "{\"event\":\"answer\",\"callId\":\"full-1\",\"direction\":\"in\",\"user\":["
                    + users + "]}";
            status = send(json(refused)).getStatusCode();
        }
        assertEquals(422, status);
        CallRecord full = record("full-1");

        APIGatewayV2HTTPResponse retried = send(json(refused));
        assertEquals(422, retried.getStatusCode(), retried.getBody());
        assertFalse(retried.getBody().contains("Exception"));
        assertEquals(full, record("full-1"), "a refused event writes nothing");

        APIGatewayV2HTTPResponse small = send(json("{\"event\":\"answer\",\"callId\":\"full-1\",\"direction\":"
                + "\"in\",\"user\":[\"" + "y".repeat(1000) + "\"]}"));
        assertEquals(200, small.getStatusCode(), small.getBody());
        assertTrue(record("full-1").users().contains("y".repeat(1000)));
    }

    /**
     * The storage failure and the retention of {@link io.callhook.webhook.WebhookHandler} are the same for every
     * provider; they are tested here, once. The failure is logged with the request id and the client's detail, and
     * neither the answer nor the log carries the token.
     */
    @Test
    void aStorageFailureAnswers503SoThePbxRetriesAndIsLoggedWithTheRequestId() {
        Environment down = Environment.of(Map.of("CALLS_TABLE", table, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9", "WEBHOOK_TOKEN_HASHES",
                "local:" + TokenHashes.hashOf(TOKEN)));
        APIGatewayV2HTTPEvent request = load("newCall-inbound-json.json", "down-1");
        APIGatewayV2HTTPResponse response;
        List<Map<String, Object>> logged;
        String logText;
        try (CapturedLog log = CapturedLog.start()) {
            response = new CtiWebhookHandler(down).handleRequest(request, null);
            logged = log.withMessage("storage request failed");
            logText = log.text();
        }
        assertEquals(503, response.getStatusCode());
        assertTrue(Json.parseObject(response.getBody()).get("error").toString().contains("retry"));
        assertFalse(response.getBody().contains("127.0.0.1"));
        assertTrue(store.find("local:" + "down-1").isEmpty());

        assertEquals(1, logged.size(), logText);
        Map<String, Object> line = logged.get(0);
        assertEquals("ERROR", line.get("level"));
        assertEquals(request.getRequestContext().getRequestId(), line.get("requestId"));
        assertEquals("io.callhook.aws.AwsException", line.get("exception"), line.toString());
        assertTrue(String.valueOf(line.get("detail")).contains("Connection refused"), line.toString());
        assertFalse(logText.contains(TOKEN), "the token never reaches the log");
    }

    @Test
    void storedRecordExpiresAfterTheConfiguredRetention() {
        send(load("newCall-inbound-json.json", "ttl-1"));
        CallRecord call = record("ttl-1");
        assertEquals(call.firstSeenAt().plus(Duration.ofDays(365)).getEpochSecond(),
                call.expiresAt().getEpochSecond());
    }

    private static long itemCount() {
        return dynamo.scan(b -> b.tableName(table).select("COUNT")).count();
    }
}
