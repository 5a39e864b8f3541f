// Unit test (no I/O): the SnapStart priming sample translates as a real callback does.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwilioPrimingTest {

    @Test
    void primingTranslatesItsSampleEndToEnd() {
        List<CallEvent> events = TwilioPriming.prime();
        assertEquals(1, events.size(), "an inbound call's callback is its own event only");
        CallEvent event = events.get(0);
        assertEquals(EventType.HANGUP, event.type());
        assertEquals(Direction.IN, event.direction());
        assertEquals("+10", event.from(), "form decoding turned %2B into a plus");
        assertEquals(Instant.parse("2020-01-01T00:00:01Z"), event.endedAt());
        assertNull(event.answeredAt(), "Twilio answering an inbound call is not a person answering it");
        assertEquals(Cause.NORMAL, event.cause());
    }
}
