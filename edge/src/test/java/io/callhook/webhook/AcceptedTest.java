// Unit test (no I/O): what a webhook handler accepts from a provider's translation, one event or several.
package io.callhook.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.call.CallEvent;
import io.callhook.call.EventType;
import io.callhook.http.Responses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedTest {

    static final APIGatewayV2HTTPResponse OK = Responses.json(200, Map.of());

    static CallEvent event(String callId) {
        return CallEvent.builder(callId, "local", EventType.ANSWER, Instant.EPOCH).build();
    }

    @Test
    void oneEventIsAListOfOne() {
        assertEquals(List.of(event("a")), new WebhookHandler.Accepted(event("a"), OK).events());
        assertEquals(List.of(event("a")), WebhookHandler.Accepted.ok(event("a")).events());
    }

    @Test
    void severalEventsKeepTheirOrderAndAreCopied() {
        List<CallEvent> events = new ArrayList<>(List.of(event("leg"), event("parent")));
        WebhookHandler.Accepted accepted = new WebhookHandler.Accepted(events, OK);
        events.clear();
        assertEquals(List.of(event("leg"), event("parent")), accepted.events());
    }

    @Test
    void noEventIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookHandler.Accepted(List.of(), OK));
    }
}
