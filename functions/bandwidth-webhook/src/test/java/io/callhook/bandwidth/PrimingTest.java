// Unit test (no I/O): the SnapStart priming path translates its samples of both APIs without touching storage.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthPrimingTest {

    @Test
    void primingRunsTheV1AndV2TranslationsEndToEnd() {
        List<CallEvent> primed = BandwidthPriming.prime();
        assertEquals(2, primed.size());
        CallEvent catapult = primed.get(0);
        assertEquals(EventType.HANGUP, catapult.type());
        assertEquals("+10", catapult.from(), "the GET query path restored the literal plus");
        assertEquals(Instant.parse("2020-01-01T03:00:00Z"), catapult.endedAt());
        CallEvent voice = primed.get(1);
        assertEquals(EventType.HANGUP, voice.type());
        assertEquals(Cause.NORMAL, voice.cause());
        assertEquals(Instant.parse("2020-01-01T00:00:00.500Z"), voice.answeredAt());
    }
}
