// Unit test (no I/O): the SnapStart priming sample translates as a real callback does.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void primingTranslatesItsSampleEndToEnd() {
        CallEvent event = Priming.prime();
        assertEquals(EventType.HANGUP, event.type());
        assertEquals(Direction.IN, event.direction());
        assertEquals("+10", event.from(), "form decoding turned %2B into a plus");
        assertEquals(Instant.parse("2020-01-01T00:00:01Z"), event.endedAt());
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), event.answeredAt());
        assertEquals(Cause.NORMAL, event.cause());
    }
}
