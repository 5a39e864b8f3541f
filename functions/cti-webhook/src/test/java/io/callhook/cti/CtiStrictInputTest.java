// The CTI webhook through the real handler into the project's engine: content after the JSON body is a 400 and an
// origCallId longer than a call id may be is a 422, each writing nothing.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.http.FieldRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CtiStrictInputTest {

    @BeforeAll
    static void start() {
        CtiWebhookHandlerTest.start();
    }

    private static APIGatewayV2HTTPResponse sendJson(String body) {
        APIGatewayV2HTTPEvent event = CtiWebhookHandlerTest.load("newCall-inbound-json.json", "strict-unused");
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return CtiWebhookHandlerTest.handler.handleRequest(event, null);
    }

    private static String newCall(String callId, String extra) {
        return "{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\"" + extra + "}";
    }

    @Test
    void contentAfterTheJsonValueIsA400AndWritesNothing() {
        for (String trailing : new String[] {"{}", " xyz"}) {
            APIGatewayV2HTTPResponse response = sendJson(newCall("strict-trailing", "") + trailing);
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertTrue(response.getBody().contains("error"), response.getBody());
        }
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-trailing").isEmpty());
        assertEquals(200, sendJson(newCall("strict-trailing", "") + "\n").getStatusCode());
    }

    @Test
    void anOrigCallIdLongerThanACallIdIsA422AndWritesNothing() {
        String tooLong = "o".repeat(FieldRules.MAX_CALL_ID_BYTES + 1);
        APIGatewayV2HTTPResponse refused = sendJson(newCall("strict-orig", ",\"origCallId\":\"" + tooLong + "\""));
        assertEquals(422, refused.getStatusCode(), refused.getBody());
        assertTrue(refused.getBody().contains("origCallId"), refused.getBody());
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-orig").isEmpty());

        String longest = "o".repeat(FieldRules.MAX_CALL_ID_BYTES);
        assertEquals(200, sendJson(newCall("strict-orig", ",\"origCallId\":\"" + longest + "\"")).getStatusCode());
    }
}
