// Handler tests over the engine: Zammad's newCall answers from the integration's routing rules (reject a blocked
// caller, dial with a caller id), the blocked flag on the record, and the one cached read only newCall pays.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import io.callhook.views.Views;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CtiCallRoutingTest {

    static final Set<String> VOICEMAIL = Set.of("voicemail");

    static DynamoRoutingStore routing;
    static DynamoCallStore calls;
    static Environment env;
    static LocalDynamo local;
    RequestCounter requests;
    CtiWebhookHandler handler;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        env = local.functionEnvironment("CtiWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(CtiWebhookHandlerTest.TOKEN)));
        routing = DynamoRoutingStore.fromEnvironment(local.client(), env);
        calls = DynamoCallStore.fromEnvironment(local.client(), env);
        routing.block("local", "493023125741", "spam caller");
        routing.block("local", "4990*", "premium-rate numbers");
        routing.setCallerId("local", "4930", "+4930555100");
        routing.setDefaultCallerId("local", "+4930555999");
    }

    /** A fresh handler (an empty cache, as a cold instance has) whose SDK requests are counted. */
    @BeforeEach
    void handler() {
        requests = new RequestCounter();
        var dynamo = local.client(requests);
        handler = new CtiWebhookHandler(TokenHashes.parse(env.require("WEBHOOK_TOKEN_HASHES")),
                DynamoCallStore.fromEnvironment(dynamo, env), CallRouting.fromEnvironment(dynamo, env));
    }

    APIGatewayV2HTTPResponse send(String json) {
        APIGatewayV2HTTPEvent event = CtiWebhookHandlerTest.json(json);
        return handler.handleRequest(event, null);
    }

    static String newCall(String callId, String direction, String from, String to) {
        return "{\"event\":\"newCall\",\"callId\":\"" + callId + "\",\"direction\":\"" + direction + "\",\"from\":\""
                + from + "\",\"to\":\"" + to + "\",\"user\":\"Emma Taylor\"}";
    }

    @Test
    void aBlockedCallerIsRejectedRecordedFlaggedAndNeverMissed() {
        String callId = "blocked-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse answer = send(newCall(callId, "in", "+49 30 23125741", "492214710334"));
        assertEquals(200, answer.getStatusCode(), answer.getBody());
        assertEquals(Map.of("action", "reject", "reason", "busy"), Json.parseObject(answer.getBody()));
        assertEquals(200, send("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\","
                + "\"cause\":\"busy\"}").getStatusCode());

        CallRecord call = calls.find("local:" + callId).orElseThrow();
        assertTrue(call.blocked());
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
        Map<String, Object> entry = Views.callLogEntry(call, VOICEMAIL);
        assertEquals(true, entry.get("blocked"));
        assertEquals(false, entry.get("missed"));
    }

    @Test
    void aHangupBeforeTheBlockedNewCallStopsBeingMissedWhenTheNewCallArrives() {
        String callId = "late-" + UUID.randomUUID();
        send("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"cause\":\"cancel\"}");
        assertTrue(CallOutcomes.isMissed(calls.find("local:" + callId).orElseThrow(), VOICEMAIL));
        APIGatewayV2HTTPResponse answer = send(newCall(callId, "in", "+4990012345", "492214710334"));
        assertEquals("reject", Json.parseObject(answer.getBody()).get("action"));
        CallRecord call = calls.find("local:" + callId).orElseThrow();
        assertTrue(call.blocked(), "blocked by the prefix 4990*");
        assertFalse(CallOutcomes.isMissed(call, VOICEMAIL));
    }

    @Test
    void aCallerNotListedIsAcceptedAsBefore() {
        String callId = "ok-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse answer = send(newCall(callId, "in", "+4989123456", "492214710334"));
        assertEquals("{}", answer.getBody());
        assertFalse(calls.find("local:" + callId).orElseThrow().blocked());
    }

    @Test
    void anOutboundCallIsAnsweredWithTheCallerIdOfItsDestination() {
        APIGatewayV2HTTPResponse byPrefix = send(newCall("out-" + UUID.randomUUID(), "out", "492214710334",
                "+4930 23125741"));
        assertEquals(Map.of("action", "dial", "caller_id", "+4930555100", "number", "+4930 23125741"),
                Json.parseObject(byPrefix.getBody()));
        APIGatewayV2HTTPResponse byDefault = send(newCall("out-" + UUID.randomUUID(), "out", "492214710334",
                "+33123456789"));
        assertEquals(Map.of("action", "dial", "caller_id", "+4930555999", "number", "+33123456789"),
                Json.parseObject(byDefault.getBody()));
    }

    @Test
    void anOutboundCallFromABlockedNumberIsNotRejected() {
        String callId = "out-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse answer = send(newCall(callId, "out", "493023125741", "+4930 1"));
        assertEquals("dial", Json.parseObject(answer.getBody()).get("action"));
        assertFalse(calls.find("local:" + callId).orElseThrow().blocked());
    }

    @Test
    void onlyNewCallReadsTheRulesAndOnlyOncePerWarmInstance() {
        String callId = "reads-" + UUID.randomUUID();
        send("{\"event\":\"answer\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"answeringNumber\":\"1\"}");
        send("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"cause\":\"normalClearing\"}");
        assertEquals(List.of("UpdateItem", "UpdateItem"), requests.requests());

        requests.reset();
        send(newCall(callId, "in", "+4989123456", "492214710334"));
        send(newCall("reads2-" + callId, "in", "+4989123456", "492214710334"));
        assertEquals(List.of("GetItem", "UpdateItem", "UpdateItem"), requests.requests());
    }

    @Test
    void theSampleEventsAreAnsweredAsZammadAnswers() {
        APIGatewayV2HTTPResponse blocked = handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(
                CtiWebhookHandlerTest.EVENTS.resolve("routing/newCall-inbound-blocked-urlencoded.json").toString()),
                null);
        assertEquals("{\"action\":\"reject\",\"reason\":\"busy\"}", blocked.getBody());
        APIGatewayV2HTTPResponse dial = handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(
                CtiWebhookHandlerTest.EVENTS.resolve("routing/newCall-outbound-dial-json.json").toString()), null);
        assertEquals("{\"action\":\"dial\",\"caller_id\":\"+4930555100\",\"number\":\"+4930 23125741\"}",
                dial.getBody());
    }
}
