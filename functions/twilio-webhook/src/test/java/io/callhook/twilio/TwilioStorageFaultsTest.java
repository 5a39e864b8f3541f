// Storage faults injected into the project's engine under the real Twilio handler: a signed callback answers 503
// and writes nothing for every kind of retryable DynamoDB failure, so Twilio retries it; the retry succeeds. A fault
// on the second of a callback's two writes (an answered leg's parent answer) also answers 503, and the retry
// completes the parent.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.engine.Faults;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TwilioStorageFaultsTest {

    static final LocalDynamo LOCAL = LocalDynamo.shared();
    static final Map<String, String> TABLES = LOCAL.createTables();
    static final TwilioWebhookHandler HANDLER = TwilioWebhookHandlerTest.handler(TABLES, new RequestCounter());
    static final DynamoCallStore STORE = DynamoCallStore.fromEnvironment(LOCAL.client(),
            TwilioWebhookHandlerTest.environment(TABLES));

    @AfterEach
    void clearFaults() {
        LOCAL.engine().faults().clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Faults.Kind.class, names = {"THROTTLING", "PROVISIONED_THROUGHPUT_EXCEEDED",
        "INTERNAL_SERVER_ERROR"})
    void aStorageFaultAnswers503WritesNothingAndTheRetrySucceeds(Faults.Kind kind) {
        String suffix = "-fault-" + kind;
        String key = "local:" + TwilioWebhookHandlerTest.LEG + suffix;
        refusedOnce(Faults.Rule.onAny(), kind, suffix);
        assertTrue(STORE.find(key).isEmpty(), "nothing was written");
        retried(suffix);
        assertTrue(STORE.find(key).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Faults.Kind.class, names = {"THROTTLING", "INTERNAL_SERVER_ERROR"})
    void aFaultOnTheParentsAnswerAnswers503AndTheRetryAnswersTheParent(Faults.Kind kind) {
        String suffix = "-parent-fault-" + kind;
        String parentKey = "local:" + TwilioWebhookHandlerTest.INBOUND + suffix;
        refusedOnce(Faults.Rule.on("UpdateItem"), kind, suffix);
        assertTrue(STORE.find(parentKey).map(call -> !call.answered()).orElse(true), "the parent is not answered yet");
        retried(suffix);
        assertEquals("+14155550123", STORE.find(parentKey).orElseThrow().answeredBy());
        assertTrue(STORE.find(parentKey).orElseThrow().answered());
    }

    /** The answered leg's completed callback under the fault: 503; the fault is cleared afterwards. */
    static void refusedOnce(Faults.Rule on, Faults.Kind kind, String suffix) {
        Faults.Rule rule = LOCAL.engine().faults().add(on.table(TABLES.get("CallsTable")).answer(kind));
        APIGatewayV2HTTPResponse refused = HANDLER.handleRequest(
                TwilioCallbacks.load("outbound-dial-completed.json", suffix), null);
        assertEquals(503, refused.getStatusCode(), refused.getBody());
        assertTrue(rule.fired() >= 1, "the fault was injected");
        LOCAL.engine().faults().clear();
    }

    static void retried(String suffix) {
        APIGatewayV2HTTPResponse retried = HANDLER.handleRequest(
                TwilioCallbacks.load("outbound-dial-completed.json", suffix), null);
        assertEquals(200, retried.getStatusCode(), retried.getBody());
    }
}
