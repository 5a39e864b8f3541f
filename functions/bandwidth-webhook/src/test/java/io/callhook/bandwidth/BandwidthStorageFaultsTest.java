// Storage faults injected into the project's engine under the real Bandwidth handler: v1 and v2 callbacks answer
// 503 and write nothing for every kind of DynamoDB failure, so Bandwidth retries them; the retry succeeds.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.engine.Faults;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BandwidthStorageFaultsTest {

    static Faults faults;

    @BeforeAll
    static void start() {
        BandwidthWebhookHandlerTest.start();
        faults = BandwidthWebhookHandlerTest.local.engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    static Stream<Arguments> faultsAndCallbacks() {
        List<Arguments> cases = new ArrayList<>();
        for (Faults.Kind kind : List.of(Faults.Kind.THROTTLING, Faults.Kind.PROVISIONED_THROUGHPUT_EXCEEDED,
                Faults.Kind.INTERNAL_SERVER_ERROR)) {
            cases.add(Arguments.of(kind, "v1-incomingcall.json", BandwidthWebhookHandlerTest.V1_CALL));
            cases.add(Arguments.of(kind, "v1-hangup-get.json", BandwidthWebhookHandlerTest.V1_GET_CALL));
            cases.add(Arguments.of(kind, "v2-initiate.json", BandwidthWebhookHandlerTest.V2_CALL));
            cases.add(Arguments.of(kind, "v2-disconnect.json", BandwidthWebhookHandlerTest.V2_CALL));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("faultsAndCallbacks")
    void aStorageFaultAnswers503WritesNothingAndTheRetrySucceeds(Faults.Kind kind, String file, String callId) {
        String suffix = "-fault-" + kind + "-" + file.replace(".json", "");
        Faults.Rule rule = faults.add(Faults.Rule.onAny().table(BandwidthWebhookHandlerTest.table).answer(kind));

        APIGatewayV2HTTPResponse refused = BandwidthWebhookHandlerTest.send(
                BandwidthWebhookHandlerTest.load(file, suffix));

        assertEquals(503, refused.getStatusCode(), refused.getBody());
        assertTrue(rule.fired() >= 1, "the fault was injected");
        faults.clear();
        assertTrue(BandwidthWebhookHandlerTest.store.find("local:" + callId + suffix).isEmpty(), "nothing was written");

        APIGatewayV2HTTPResponse retried = BandwidthWebhookHandlerTest.send(
                BandwidthWebhookHandlerTest.load(file, suffix));
        assertEquals(200, retried.getStatusCode(), retried.getBody());
        assertTrue(BandwidthWebhookHandlerTest.store.find("local:" + callId + suffix).isPresent());
    }
}
