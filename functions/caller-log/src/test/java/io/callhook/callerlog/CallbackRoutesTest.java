// The callback worklist's routes: the real caller-log handler on the sample events in events/caller-log, over a
// worklist item stored by the real store on the DynamoDB engine, CallbackClosed published to a loopback bus.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.worklist.CallbackFact;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.LocalEventBus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CallbackRoutesTest {

    static final Instant T0 = Instant.parse("2025-11-23T12:00:00Z");
    static LocalEventBus bus;
    static CallerLogHandler handler;
    static io.callhook.engine.Faults faults;
    static Map<String, String> tables;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        tables = local.createTables();
        bus = new LocalEventBus();
        Environment env = local.functionEnvironment("CallerLogFunction", tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint()));
        DynamoAgentDirectory agents = DynamoAgentDirectory.fromEnvironment(local.client(), env);
        agents.create(new Agent("a1", "emma", null, Set.of(), "1"),
                TokenHashes.hashOf(CallerLogHandlerTest.AGENT_TOKEN));
        agents.create(new Agent("b1", "olga", null, Set.of(), "2"), TokenHashes.hashOf("olga-token-7Kq2Wm9Xb4Lp"));
        Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
        handler = new CallerLogHandler(env, clock);
        faults = local.engine().faults();
        CallRecord missed = new CallRecord("307fa962", "local", Set.of("newCall", "hangup"), Direction.IN,
                "493023125741", "492214710334", "support", Set.of(), null, T0, T0, null, T0.plusSeconds(20), "cancel",
                Cause.CANCEL, null, Set.of(), Map.of(), null, null, "1");
        Optional<CallbackFact> fact = CallbackFact.of(missed, Set.of("voicemail"));
        DynamoCallbackStore.fromEnvironment(local.client(), env).record("1", missed.id(),
                CallbackFact.version(missed, fact), fact, null);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    static APIGatewayV2HTTPResponse send(String name) {
        return handler.handleRequest(CallerLogHandlerTest.load(name), null);
    }

    static Map<String, Object> ok(String name) {
        APIGatewayV2HTTPResponse response = send(name);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.parseObject(response.getBody());
    }

    @Test
    void theSampleEventsListClaimReleaseSummarizeAndCloseTheItem() {
        Map<String, Object> list = ok("callbacks");
        assertEquals("support", list.get("line"));
        assertEquals(1, list.get("count"));
        Map<?, ?> item = (Map<?, ?>) ((List<?>) list.get("items")).get(0);
        assertEquals("NzpzdXBwb3J0MTI6NDkzMDIzMTI1NzQxMA", item.get("itemId"), "the samples name this item");
        assertFalse(item.containsKey("waitingSeconds"), "a list carries timestamps, no ages: it can be 304");
        assertEquals("2025-11-23T12:00:00Z", item.get("firstMissedAt"));
        assertEquals(List.of("local:307fa962"), item.get("missedCallIds"));
        Map<String, Object> one = new java.util.LinkedHashMap<>(ok("callback"));
        assertEquals(600, one.remove("waitingSeconds"), "one item says how long it waits");
        assertEquals(item, one);

        assertEquals("a1", ok("callback-claim").get("claimedBy"));
        assertNull(ok("callback-release").get("claimedBy"));

        Map<String, Object> summary = ok("callbacks-summary");
        assertEquals(Map.of("line", "support", "day", "2025-11-23", "timeZone", "UTC", "openItems", 1,
                "oldestWaitingSince", "2025-11-23T12:00:00Z", "oldestWaitingSeconds", 600, "resolvedToday", 0,
                "resolvedByHow", Map.of("callback", 0, "caller_called_again", 0)), without(summary,
                "medianSecondsToCallback"));
        assertNull(summary.get("medianSecondsToCallback"));

        APIGatewayV2HTTPEvent foreign = CallerLogHandlerTest.load("callback-claim");
        foreign.getHeaders().put("authorization", "Bearer olga-token-7Kq2Wm9Xb4Lp");
        assertEquals(404, handler.handleRequest(foreign, null).getStatusCode());

        Map<String, Object> closed = ok("callback-close");
        assertEquals("closed", closed.get("state"));
        // the closing agent by name (the test's agents have no display name: their login)
        assertEquals(Map.of("reason", "wrong_number", "agent", "a1", "agentName", "emma",
                "closedAt", "2025-11-23T12:10:00Z"), closed.get("closure"));
        assertEquals(List.of("NzpzdXBwb3J0MTI6NDkzMDIzMTI1NzQxMA"), bus.entries("CallbackClosed").stream()
                .map(e -> e.detail().get("itemId")).toList());
        assertEquals(0, ok("callbacks").get("count"));
    }

    @Test
    void aStorageFailureAnswers503AndClaimsNothing() {
        faults.add(io.callhook.engine.Faults.Rule.on("UpdateItem").answer(
                io.callhook.engine.Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED));
        try {
            APIGatewayV2HTTPResponse response = send("callback-claim");
            assertEquals(503, response.getStatusCode(), response.getBody());
        } finally {
            faults.clear();
        }
        assertNull(ok("callback").get("claimedBy"));
    }

    /**
     * A storage refusal that is not the item size limit (here the callbacks table name pointed at the routing
     * table, whose key is another, as after a bad deploy) is a defect: 500, logged at ERROR with its stack trace.
     */
    @Test
    void aStorageRefusalThatIsNotTheItemSizeIs500AndLoggedInFull() {
        Map<String, String> wrong = new java.util.HashMap<>(tables);
        wrong.put("CallbacksTable", tables.get("RoutingTable"));
        CallerLogHandler broken = new CallerLogHandler(LocalDynamo.shared().functionEnvironment("CallerLogFunction",
                wrong, Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint())),
                Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
        APIGatewayV2HTTPResponse response;
        List<Map<String, Object>> logged;
        try (CapturedLog log = CapturedLog.start()) {
            response = broken.handleRequest(CallerLogHandlerTest.load("callback-claim"), null);
            logged = log.withMessage("storage request refused");
        }
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals(Map.of("error", "internal error"), Json.parseObject(response.getBody()));
        assertEquals(1, logged.size());
        assertEquals("ERROR", logged.get(0).get("level"));
        assertTrue(String.valueOf(logged.get(0).get("errorMessage")).startsWith("ValidationException"),
                logged.get(0).toString());
        assertTrue(String.valueOf(logged.get(0).get("stackTrace")).contains("at io.callhook.store."),
                logged.get(0).toString());
        assertNull(ok("callback").get("claimedBy"), "nothing was claimed");
    }

    static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
