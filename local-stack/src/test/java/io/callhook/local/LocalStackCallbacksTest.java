// End to end over real HTTP: an in-process local stack runs template.yaml; webhook events go through the stream
// poller into the missed-calls function's callback worklist, and agents read and work the worklist through the
// caller-log function's routes. The test only sends HTTP and reads HTTP answers.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackCallbacksTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String NOAH = "noah-" + UUID.randomUUID();
    private static final String OTHER = "other-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, TOKEN, "[{\"id\":\"emma\",\"login\":\"emma\",\"organizationId\":\"1\","
                + "\"token\":\"" + EMMA + "\"},{\"id\":\"noah\",\"login\":\"noah\",\"organizationId\":\"1\","
                + "\"token\":\"" + NOAH + "\"},{\"id\":\"olga\",\"login\":\"olga\",\"organizationId\":\"2\","
                + "\"token\":\"" + OTHER + "\"}]", LOG);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    static Map<String, Object> ok(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = send(method, path, token, json);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return Json.parseObject(response.body());
    }

    static void webhook(String json) throws Exception {
        ok("POST", "/api/v1/cti/" + TOKEN, null, json);
    }

    /** A call's events through the webhook: inbound or outbound, answered by {@code answeredBy} or not. */
    static String call(String direction, String number, String line, String answeredBy) throws Exception {
        String callId = UUID.randomUUID().toString();
        boolean in = direction.equals("in");
        webhook("{\"event\":\"newCall\",\"direction\":\"" + direction + "\",\"callId\":\"" + callId + "\","
                + "\"from\":\"" + (in ? number : "+4922100") + "\",\"to\":\"" + (in ? "+4922100" : number) + "\","
                + "\"user\":\"emma\",\"queue\":\"" + line + "\"}");
        if (answeredBy != null) {
            webhook("{\"event\":\"answer\",\"direction\":\"" + direction + "\",\"callId\":\"" + callId
                    + "\",\"answeringNumber\":\"" + answeredBy + "\"}");
        }
        webhook("{\"event\":\"hangup\",\"direction\":\"" + direction + "\",\"callId\":\"" + callId
                + "\",\"cause\":\"" + (answeredBy != null ? "normalClearing" : "cancel") + "\"}");
        return "local:" + callId;
    }

    /** Asks until the answer satisfies the condition (the stream poller works in the background), 30 s at most. */
    static Map<String, Object> eventually(String path, String condition, Predicate<Map<String, Object>> test)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> answer = ok("GET", path, EMMA, null);
        while (!test.test(answer)) {
            if (Instant.now().isAfter(deadline)) {
                fail("GET " + path + ": no answer within 30 s had " + condition + "; the last was " + answer);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            answer = ok("GET", path, EMMA, null);
        }
        return answer;
    }

    static List<?> items(Map<String, Object> answer) {
        return (List<?>) answer.get("items");
    }

    /** The one open item of a fresh line after a missed call from {@code number}. */
    static Map<?, ?> openItem(String line, String number) throws Exception {
        call("in", number, line, null);
        return (Map<?, ?>) items(eventually("/api/v1/callbacks?line=" + line, "an item",
                answer -> !items(answer).isEmpty())).get(0);
    }

    static String line() {
        return "line-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aMissedCallOpensAnItemThatAnAnsweredCallbackResolves() throws Exception {
        String line = line();
        String missed = call("in", "+49 30 111", line, null);
        String again = call("in", "+4930111", line, "voicemail");
        Map<String, Object> listed = eventually("/api/v1/callbacks?line=" + line, "two misses on one item",
                answer -> items(answer).size() == 1 && ((Map<?, ?>) items(answer).get(0)).get("missCount")
                        .equals(2));
        Map<?, ?> item = (Map<?, ?>) items(listed).get(0);
        assertEquals(List.of(missed, again), item.get("missedCallIds"));
        assertEquals("+4930111", item.get("number"));
        assertEquals(true, item.get("callable"));
        assertEquals("open", item.get("state"));
        String id = (String) item.get("itemId");
        assertEquals(404, send("GET", "/api/v1/callbacks/" + id, OTHER, null).statusCode(),
                "another organization's item is a missing one");
        assertEquals(List.of(), items(ok("GET", "/api/v1/callbacks?line=" + line, OTHER, null)));

        String attempt = call("out", "+4930111", line, null);
        eventually("/api/v1/callbacks/" + id, "an attempt", answer -> answer.get("attempts").equals(1));
        assertEquals("open", ok("GET", "/api/v1/callbacks/" + id, EMMA, null).get("state"), attempt);

        String callback = call("out", "+4930111", line, "+4930111");
        Map<String, Object> resolved = eventually("/api/v1/callbacks/" + id, "resolved",
                answer -> answer.get("state").equals("resolved"));
        Map<?, ?> resolution = (Map<?, ?>) resolved.get("resolution");
        assertEquals("callback", resolution.get("how"));
        assertEquals(callback, resolution.get("callId"));
        assertEquals("emma", resolution.get("agent"));
        assertEquals(List.of(), items(ok("GET", "/api/v1/callbacks?line=" + line, EMMA, null)));
        Map<String, Object> summary = ok("GET", "/api/v1/callbacks/summary?line=" + line, EMMA, null);
        assertEquals(0, summary.get("openItems"));
        assertEquals(1, summary.get("resolvedToday"));
        assertEquals(Map.of("callback", 1, "caller_called_again", 0), summary.get("resolvedByHow"));
        assertNotNull(summary.get("medianSecondsToCallback"));

        // announced by the stream function after it stored the item's state: asked until both are there
        TestStacks.eventually(stack, EMMA, LocalHttpServer.EVENTS_PATH, "this item's CallbackResolved",
                answer -> published(answer, "CallbackResolved", id).size() == 1);
        assertEquals(1, published("CallbackOpened", id).size(), "opened once, though a second miss joined it");
        assertEquals(callback, ((Map<?, ?>) ((Map<?, ?>) published("CallbackResolved", id).get(0).get("detail"))
                .get("resolution")).get("callId"));
    }

    @Test
    void aCallerWhoCallsAgainAndIsAnsweredResolvesTheItemAndALateAnswerRetractsAMiss() throws Exception {
        String line = line();
        String id = (String) openItem(line, "+4930222").get("itemId");
        call("in", "+4930222", line, "emma");
        Map<String, Object> resolved = eventually("/api/v1/callbacks/" + id, "resolved",
                answer -> answer.get("state").equals("resolved"));
        assertEquals("caller_called_again", ((Map<?, ?>) resolved.get("resolution")).get("how"));

        String other = line();
        String lone = call("in", "+4930333", other, null);
        String loneId = (String) ((Map<?, ?>) items(eventually("/api/v1/callbacks?line=" + other, "an item",
                answer -> !items(answer).isEmpty())).get(0)).get("itemId");
        webhook("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + lone.substring("local:".length())
                + "\",\"answeringNumber\":\"emma\"}");
        eventually("/api/v1/callbacks?line=" + other, "no items", answer -> items(answer).isEmpty());
        assertEquals(404, send("GET", "/api/v1/callbacks/" + loneId, EMMA, null).statusCode());
    }

    @Test
    void anItemClosedByHandStaysClosedAndTheNextMissOpensANewOne() throws Exception {
        String line = line();
        String id = (String) openItem(line, "+4930444").get("itemId");
        String path = "/api/v1/callbacks/" + id;
        assertEquals("emma", ok("POST", path + "/claim", EMMA, null).get("claimedBy"));
        HttpResponse<String> refused = send("POST", path + "/close", NOAH, "{\"reason\":\"wrong_number\"}");
        assertEquals(409, refused.statusCode());
        assertEquals("emma", Json.parseObject(refused.body()).get("claimedBy"));
        assertEquals(422, send("POST", path + "/close", EMMA, "{\"reason\":\" \"}").statusCode());
        assertEquals(422, send("POST", path + "/close", EMMA, "{}").statusCode());
        assertEquals("open", ok("GET", path, EMMA, null).get("state"), "refused closes wrote nothing");

        Map<String, Object> closed = ok("POST", path + "/close", EMMA, "{\"reason\":\"wrong_number\"}");
        assertEquals("closed", closed.get("state"));
        assertEquals("wrong_number", ((Map<?, ?>) closed.get("closure")).get("reason"));
        assertEquals(closed.get("closure"), ok("POST", path + "/close", EMMA, "{\"reason\":\"other\"}")
                .get("closure"), "closing again changes nothing");
        List<Map<?, ?>> announced = published("CallbackClosed", id);
        assertEquals(1, announced.size(), "the close announced this item once: " + announced);
        assertEquals("closed", ((Map<?, ?>) announced.get(0).get("detail")).get("state"));
        assertEquals("wrong_number", ((Map<?, ?>) ((Map<?, ?>) announced.get(0).get("detail")).get("closure"))
                .get("reason"));

        call("in", "+4930444", line, null);
        Map<String, Object> reopened = eventually("/api/v1/callbacks?line=" + line, "a new item",
                answer -> !items(answer).isEmpty());
        assertTrue(!id.equals(((Map<?, ?>) items(reopened).get(0)).get("itemId")));
        assertEquals("closed", ok("GET", path, EMMA, null).get("state"));
        assertEquals(1, published("CallbackClosed", id).size(), "closing again announced nothing");
    }

    /**
     * Issue 20 item 9: two misses of one number on one line make one item; emma claims it; the first call's answer
     * arrives late. The item keeps its id, emma's claim and the second miss; it is not retracted and no other item
     * opens.
     */
    @Test
    void aLateAnswerToTheFirstMissKeepsTheClaimedItemWithItsOtherMiss() throws Exception {
        String line = line();
        String first = call("in", "+4930666", line, null);
        String second = call("in", "+4930666", line, null);
        Map<?, ?> item = (Map<?, ?>) items(eventually("/api/v1/callbacks?line=" + line, "two misses on one item",
                answer -> items(answer).size() == 1 && ((Map<?, ?>) items(answer).get(0)).get("missCount")
                        .equals(2))).get(0);
        String id = (String) item.get("itemId");
        String path = "/api/v1/callbacks/" + id;
        assertEquals("emma", ok("POST", path + "/claim", EMMA, null).get("claimedBy"));

        webhook("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + first.substring("local:".length())
                + "\",\"answeringNumber\":\"emma\"}");
        Map<String, Object> kept = eventually(path, "the answered call gone from the item",
                answer -> answer.get("missCount").equals(1));
        assertEquals(List.of(second), kept.get("missedCallIds"));
        assertEquals("open", kept.get("state"));
        assertEquals("emma", kept.get("claimedBy"), "the claim stays");
        assertEquals(List.of(id), items(ok("GET", "/api/v1/callbacks?line=" + line, EMMA, null)).stream()
                .map(entry -> ((Map<?, ?>) entry).get("itemId")).toList(), "no other item opened");
        assertEquals(List.of(), published("CallbackRetracted", id));
        assertEquals(409, send("POST", path + "/claim", NOAH, null).statusCode(), "noah cannot take it over");
    }

    /** The events the stack published so far with this detail type about the item {@code itemId}. */
    static List<Map<?, ?>> published(String detailType, String itemId) throws Exception {
        return published(ok("GET", LocalHttpServer.EVENTS_PATH, null, null), detailType, itemId);
    }

    /** The events of an answer of the events route with this detail type about the item {@code itemId}. */
    static List<Map<?, ?>> published(Map<String, Object> events, String detailType, String itemId) {
        List<Map<?, ?>> found = new ArrayList<>();
        for (Object event : (List<?>) events.get("events")) {
            Map<?, ?> published = (Map<?, ?>) event;
            if (detailType.equals(published.get("detail-type"))
                    && itemId.equals(((Map<?, ?>) published.get("detail")).get("itemId"))) {
                found.add(published);
            }
        }
        return found;
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        assertEquals(401, send("GET", "/api/v1/callbacks?line=x", null, null).statusCode());
        assertEquals(422, send("GET", "/api/v1/callbacks?number=nobody", EMMA, null).statusCode());
        assertEquals(422, send("GET", "/api/v1/callbacks/summary", EMMA, null).statusCode());
        assertEquals(422, send("GET", "/api/v1/callbacks?line=x&nextToken=bogus", EMMA, null).statusCode());
        HttpResponse<String> unknown = send("POST", "/api/v1/callbacks/nope/claim", EMMA, null);
        assertEquals(404, unknown.statusCode());
        assertTrue(Json.parseObject(unknown.body()).containsKey("error"));
        Map<String, Object> empty = ok("GET", "/api/v1/callbacks/summary?line="
                + URLEncoder.encode("nobody's line", StandardCharsets.UTF_8), EMMA, null);
        assertEquals(0, empty.get("openItems"));
        assertNull(empty.get("oldestWaitingSeconds"));
        assertNull(empty.get("medianSecondsToCallback"));
    }

    @Test
    void twoAgentsClaimingOneItemAHundredTimesLeaveExactlyOneHolderEachTime() throws Exception {
        String id = (String) openItem(line(), "+4930555").get("itemId");
        String path = "/api/v1/callbacks/" + id;
        List<String> winners = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<HttpResponse<String>> emma = CompletableFuture.supplyAsync(() -> claim(start, path,
                    EMMA));
            CompletableFuture<HttpResponse<String>> noah = CompletableFuture.supplyAsync(() -> claim(start, path,
                    NOAH));
            HttpResponse<String> a = emma.get();
            HttpResponse<String> b = noah.get();
            assertEquals(List.of(200, 409), List.of(a.statusCode(), b.statusCode()).stream().sorted().toList(),
                    "round " + round + ": " + a.body() + " / " + b.body());
            HttpResponse<String> won = a.statusCode() == 200 ? a : b;
            HttpResponse<String> lost = a.statusCode() == 200 ? b : a;
            String holder = (String) Json.parseObject(won.body()).get("claimedBy");
            assertEquals(holder, Json.parseObject(lost.body()).get("claimedBy"), "the refusal names the holder");
            assertEquals(holder, ok("GET", path, EMMA, null).get("claimedBy"));
            winners.add(holder);
            assertNull(ok("POST", path + "/release", holder.equals("emma") ? EMMA : NOAH, null).get("claimedBy"));
        }
        assertEquals(100, winners.size());
    }

    private static HttpResponse<String> claim(CyclicBarrier start, String path, String token) {
        try {
            start.await();
            return send("POST", path + "/claim", token, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
