// Storage faults injected into the project's engine under the real handler: every kind of DynamoDB failure answers
// 503 and writes nothing, a fault the SDK's retries absorb costs nothing, and a PBX that resends on 503 loses no event.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.call.CallRecord;
import io.callhook.engine.Faults;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CtiStorageFaultsTest {

    static final List<String> EVENTS = List.of("newCall-inbound-json.json", "answer-inbound-urlencoded.json",
            "hangup-inbound-multipart.json");

    static Faults faults;
    static CtiWebhookHandler handler;
    static DynamoCallStore store;
    static String table;

    @BeforeAll
    static void start() {
        CtiWebhookHandlerTest.start();
        handler = CtiWebhookHandlerTest.handler;
        store = CtiWebhookHandlerTest.store;
        table = CtiWebhookHandlerTest.table;
        faults = LocalDynamo.shared().engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    static Stream<Arguments> faultsAndEvents() {
        List<Arguments> cases = new ArrayList<>();
        for (Faults.Kind kind : List.of(Faults.Kind.THROTTLING, Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED,
                Faults.Kind.INTERNAL_SERVER_ERROR)) {
            for (String event : EVENTS) {
                cases.add(Arguments.of(kind, event));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("faultsAndEvents")
    void aLastingStorageFaultAnswers503AndWritesNothing(Faults.Kind kind, String event) {
        String callId = "fault-" + kind + "-" + event;
        Faults.Rule rule = faults.add(Faults.Rule.on("UpdateItem").table(table).answer(kind));

        APIGatewayV2HTTPResponse response = send(event, callId);

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("retry"), response.getBody());
        assertTrue(rule.fired() >= 1, "the fault was injected");
        faults.clear();
        assertTrue(store.find("local:" + callId).isEmpty(), "nothing was written");
    }

    @Test
    void aThrottleTheSdkRetriesAbsorbIsInvisibleToThePbx() {
        Faults.Rule rule = faults.add(Faults.Rule.on("UpdateItem").table(table).times(1)
                .answer(Faults.Kind.THROTTLING));
        // a fresh container's client: the lasting faults above may have spent the shared handler's retry quota, after
        // which the SDK's retry strategy (and so callhook's) no longer retries
        CtiWebhookHandler fresh = new CtiWebhookHandler(CtiWebhookHandlerTest.env);

        APIGatewayV2HTTPResponse response = fresh.handleRequest(CtiWebhookHandlerTest.load(EVENTS.get(0),
                "absorbed-1"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, rule.fired());
        assertTrue(store.find("local:" + "absorbed-1").isPresent());
    }

    @Test
    void aPbxThatResendsOn503LosesNoEvent() {
        Random random = new Random(7);
        int calls = 40;
        List<String[]> deliveries = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            List<String> order = new ArrayList<>(EVENTS);
            Collections.shuffle(order, random);
            for (String event : order) {
                deliveries.add(new String[] {event, "lossless-" + i});
            }
        }
        for (String[] delivery : deliveries) {
            assertEquals(200, send(delivery[0], "reference-" + delivery[1]).getStatusCode());
        }

        faults.add(Faults.Rule.on("UpdateItem").table(table).probability(0.6)
                .answer(Faults.Kind.INTERNAL_SERVER_ERROR));
        int refused = 0;
        for (String[] delivery : deliveries) {
            int status;
            int attempts = 0;
            do {
                status = send(delivery[0], delivery[1]).getStatusCode();
                assertTrue(status == 200 || status == 503, "status " + status);
                refused += status == 503 ? 1 : 0;
                attempts++;
            } while (status != 200 && attempts < 100);
            assertEquals(200, status, "accepted within 100 attempts");
        }
        faults.clear();

        assertTrue(refused > 0, "the faults made some deliveries fail, so the resends were exercised");
        for (int i = 0; i < calls; i++) {
            CallRecord expected = store.find("local:" + "reference-lossless-" + i).orElseThrow();
            CallRecord actual = store.find("local:" + "lossless-" + i).orElseThrow();
            assertEquals(facts(expected), facts(actual), "call " + i);
        }
    }

    private static List<Object> facts(CallRecord record) {
        return Arrays.asList(record.events(), record.direction(), record.from(), record.to(), record.users(),
                record.answeredBy(), record.firstSeenAt(), record.ringingAt(), record.answeredAt(),
                record.endedAt(), record.rawCause(), record.cause(), record.state());
    }

    private static APIGatewayV2HTTPResponse send(String event, String callId) {
        APIGatewayV2HTTPEvent request = CtiWebhookHandlerTest.load(event, callId);
        return handler.handleRequest(request, null);
    }
}
