// End to end over real HTTP: an in-process local stack runs template.yaml (webhooks, stream poller, missed-calls
// function, caller log API, the stale-calls schedule) on the DynamoDB engine; the test only sends HTTP and reads HTTP
// answers.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackMissedCallsTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String AGENT_TOKEN = "agent-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, TOKEN,
                "[{\"id\":\"a1\",\"login\":\"emma\",\"email\":\"emma@chrispresso.com\","
                + "\"phones\":[\"+4930999\"],\"organizationId\":\"1\",\"token\":\"" + AGENT_TOKEN + "\"}]", LOG);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> cti(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/" + TOKEN))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> agentGet(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("authorization", "Bearer " + AGENT_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.parseObject(response.body());
    }

    /** {@link TestStacks#eventually} on this test's stack. */
    static Map<String, Object> eventually(String path, String condition, Predicate<Map<String, Object>> test)
            throws Exception {
        return TestStacks.eventually(stack, AGENT_TOKEN, path, condition, test);
    }

    /** The UTC day of an instant, as the missed-calls API spells days. */
    static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static List<?> list(Map<String, Object> answer, String key) {
        return (List<?>) answer.get(key);
    }

    @Test
    void aCancelledCallIsListedCountedPublishedAndRetractedByALateAnswer() throws Exception {
        String callId = UUID.randomUUID().toString();
        String line = "line-" + callId.substring(0, 8);
        Instant before = Instant.now();
        assertEquals(200, cti("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\",\"queue\":\""
                + line + "\"}").statusCode());
        assertEquals(200, cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"cause\":\"cancel\"}").statusCode());

        Instant after = Instant.now();

        // the call's day is the UTC day it started ringing: between the two readings of the clock, whichever side of
        // midnight they fall on
        String missedPath = "/api/v1/missed-calls?line=" + line + "&since=" + day(before) + "&until=" + day(after);
        Map<String, Object> missed = eventually(missedPath, "an entry", answer -> !list(answer, "entries").isEmpty());
        Map<?, ?> entry = (Map<?, ?>) list(missed, "entries").get(0);
        assertEquals("local:" + callId, entry.get("callId"));
        assertEquals("cancel", entry.get("cause"));
        Instant started = Instant.parse((String) entry.get("startedAt"));
        assertTrue(!started.isBefore(before.minusSeconds(1)) && !started.isAfter(after), started.toString());
        String callDay = day(started);
        assertEquals(List.of(Map.of("line", line, "day", callDay, "count", 1,
                "reasons", Map.of("abandoned_short", 1))), missed.get("counts"));
        assertEquals("abandoned_short", entry.get("reason"), "hung up within 5 s");

        Map<?, ?> logged = (Map<?, ?>) list(agentGet("/api/v1/cti/log?queue=" + line), "entries").get(0);
        assertEquals("local:" + callId, logged.get("callId"));
        assertEquals(true, logged.get("missed"));
        assertEquals(false, logged.get("done"));

        // published by the stream function after it listed the entry: asked until it is there
        eventually("/_local/events", "this call's MissedCall",
                answer -> !about(answer, "MissedCall", callId).isEmpty());
        List<Map<?, ?>> listed = about(agentGet("/_local/events"), "MissedCall", callId);
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("abandoned_short", ((Map<?, ?>) listed.get(0).get("detail")).get("reason"));
        assertEquals(line, ((Map<?, ?>) listed.get(0).get("detail")).get("line"));

        assertEquals(200, cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"answeringNumber\":\"+4930999\"}").statusCode());
        Map<String, Object> retracted = eventually(missedPath, "no entries",
                answer -> list(answer, "entries").isEmpty());
        assertEquals(List.of(), retracted.get("entries"));
        assertEquals(List.of(Map.of("line", line, "day", callDay, "count", 0, "reasons", Map.of())),
                retracted.get("counts"));
        Map<String, Object> events = eventually("/_local/events", "this call's MissedCallRetracted",
                answer -> !about(answer, "MissedCallRetracted", callId).isEmpty());
        List<Map<?, ?>> retractions = about(events, "MissedCallRetracted", callId);
        assertEquals(1, retractions.size(), retractions.toString());
        assertEquals(line, ((Map<?, ?>) retractions.get(0).get("detail")).get("line"));
    }

    /** The published events of {@code detailType} whose detail names the call {@code local:<callId>}. */
    static List<Map<?, ?>> about(Map<String, Object> events, String detailType, String callId) {
        return list(events, "events").stream().<Map<?, ?>>map(event -> (Map<?, ?>) event)
                .filter(event -> detailType.equals(event.get("detail-type"))
                        && ("local:" + callId).equals(((Map<?, ?>) event.get("detail")).get("callId")))
                .toList();
    }

    @Test
    void theCallerLogRefusesRequestsWithoutAnAgentToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/api/v1/cti/log")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(Json.parseObject(response.body()).containsKey("error"));
    }

    /** Runs the stale-calls schedule now, as if it fired at {@code time}. */
    static Map<String, Object> closeStale(Instant time) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/StaleCallsFunction?time=" + time)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.parseObject(response.body());
    }

    @Test
    void aRingingCallLeftAloneIsClosedAsInferredAndMissedUntilTheRealHangupAndTheAnswerArrive() throws Exception {
        String callId = UUID.randomUUID().toString();
        String line = "stale-" + callId.substring(0, 8);
        Instant before = Instant.now();
        assertEquals(200, cti("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}").statusCode());
        Map<?, ?> ringing = (Map<?, ?>) list(agentGet("/api/v1/cti/log?queue=" + line), "entries").get(0);
        assertEquals("newCall", ringing.get("state"));

        Map<String, Object> early = closeStale(Instant.now().plus(Duration.ofMinutes(29)));
        assertEquals(0, ((Map<?, ?>) early.get("response")).get("closed"), "not quiet for 30 minutes yet");
        Map<String, Object> run = closeStale(Instant.now().plus(Duration.ofMinutes(31)));
        assertEquals(1, ((Map<?, ?>) run.get("response")).get("closed"), run.toString());

        String missedPath = "/api/v1/missed-calls?line=" + line + "&since=" + day(before) + "&until="
                + day(Instant.now());
        Map<String, Object> inferred = eventually(missedPath, "an entry", a -> !list(a, "entries").isEmpty());
        Map<?, ?> entry = (Map<?, ?>) list(inferred, "entries").get(0);
        assertEquals("unknown", entry.get("reason"));
        assertEquals("unknown", entry.get("cause"));
        assertEquals(entry.get("startedAt"), entry.get("endedAt"), "ended at its last known activity");
        String callDay = day(Instant.parse((String) entry.get("startedAt")));
        assertEquals(List.of(Map.of("line", line, "day", callDay, "count", 1, "reasons", Map.of("unknown", 1))),
                inferred.get("counts"));
        Map<?, ?> logged = (Map<?, ?>) list(agentGet("/api/v1/cti/log?queue=" + line), "entries").get(0);
        assertEquals(List.of("hangup", true, true, "unknown"), List.of(logged.get("state"), logged.get("inferred"),
                logged.get("missed"), logged.get("missReason")));

        assertEquals(200, cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"cause\":\"busy\"}").statusCode());
        Map<String, Object> real = eventually(missedPath, "the reason busy",
                a -> "busy".equals(((Map<?, ?>) list(a, "entries").get(0)).get("reason")));
        assertEquals(List.of(Map.of("line", line, "day", callDay, "count", 1, "reasons", Map.of("busy", 1))),
                real.get("counts"));
        Map<?, ?> replaced = (Map<?, ?>) list(real, "entries").get(0);
        assertEquals("busy", replaced.get("cause"));
        Instant reportedEnd = Instant.parse((String) replaced.get("endedAt"));
        assertTrue(reportedEnd.isAfter(Instant.parse((String) entry.get("endedAt"))),
                "the reported end replaced the inferred one");
        Map<?, ?> hungUp = (Map<?, ?>) list(agentGet("/api/v1/cti/log?queue=" + line), "entries").get(0);
        assertEquals(List.of(false, "busy"), List.of(hungUp.get("inferred"), hungUp.get("cause")));

        assertEquals(200, cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + callId
                + "\",\"answeringNumber\":\"+4930999\"}").statusCode());
        Map<String, Object> retracted = eventually(missedPath, "no entries", a -> list(a, "entries").isEmpty());
        assertEquals(List.of(Map.of("line", line, "day", callDay, "count", 0, "reasons", Map.of())),
                retracted.get("counts"));
    }

    @Test
    void theScheduleTriggerListsRefusesUnknownFunctionsAndBadTimes() throws Exception {
        assertEquals(Map.of("schedules", Map.of("StaleCallsFunction", "rate(5 minutes)", "ErasureSweepFunction",
                "rate(1 minute)")),
                agentGet("/_local/schedules"));
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/NoSuchFunction")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        HttpResponse<String> badTime = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/StaleCallsFunction?time=soon")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badTime.statusCode());
        assertTrue(Json.parseObject(badTime.body()).containsKey("error"));
    }
}
