// The invocation's deadline under the real handler: with less time left than the margin Lambda's context gives, the
// webhook answers 503 without a storage request (the PBX resends), instead of being ended by Lambda mid-write.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.engine.Faults;
import io.callhook.testing.LambdaContext;
import io.callhook.testing.LocalDynamo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CtiDeadlineTest {

    private static Faults faults;

    @BeforeAll
    static void start() {
        CtiWebhookHandlerTest.start();
        faults = LocalDynamo.shared().engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void aWebhookWithNoTimeLeftAnswers503BeforeAnyStorageRequest() {
        // counts every request that reaches the engine (and would throttle it)
        Faults.Rule anyRequest = faults.add(Faults.Rule.onAny().answer(Faults.Kind.THROTTLING));

        APIGatewayV2HTTPResponse response = CtiWebhookHandlerTest.handler.handleRequest(
                CtiWebhookHandlerTest.load("answer-inbound-urlencoded.json", "deadline-1"),
                new LambdaContext("deadline-1", "CtiWebhookFunction", 512, 1));

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("retry"), response.getBody());
        assertEquals(0, anyRequest.fired(), "no storage request was sent");
        faults.clear();
        assertTrue(CtiWebhookHandlerTest.store.find("local:deadline-1").isEmpty(), "nothing was written");
    }

    @Test
    void withTimeLeftTheSameWebhookIsStored() {
        APIGatewayV2HTTPResponse response = CtiWebhookHandlerTest.handler.handleRequest(
                CtiWebhookHandlerTest.load("answer-inbound-urlencoded.json", "deadline-2"),
                new LambdaContext("deadline-2", "CtiWebhookFunction", 512, 15));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(CtiWebhookHandlerTest.store.find("local:deadline-2").isPresent());
    }
}
