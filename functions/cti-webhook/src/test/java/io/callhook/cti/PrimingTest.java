// Unit test (no I/O): the SnapStart priming path translates its sample hangup without touching storage.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CtiPrimingTest {

    @Test
    void primingRunsTheCtiTranslationEndToEnd() {
        CallEvent primed = CtiWebhookHandler.prime();
        assertEquals("snapstart-priming", primed.callId());
        assertEquals(EventType.HANGUP, primed.type());
        assertEquals(Direction.IN, primed.direction());
        assertEquals(Set.of("priming"), primed.users(), "user[] read as the users array");
        assertEquals(Instant.EPOCH, primed.endedAt());
        assertEquals("cancel", primed.rawCause());
        assertEquals(Cause.CANCEL, primed.cause(), "through the CTI cause table");
    }
}
