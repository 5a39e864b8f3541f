// Unit tests of the canonical cause: its stored spelling, and that it names no provider's words.
package io.callhook.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CauseTest {

    @Test
    void everyCauseReadsBackFromItsStoredSpelling() {
        for (Cause cause : Cause.values()) {
            assertEquals(cause, Cause.fromWire(cause.wire()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"normalClearing", "NORMAL_CLEARING", "hangup", "completed", "timeout", "something"})
    void aProviderSpellingIsNoStoredCause(String providerValue) {
        assertEquals(Cause.UNKNOWN, Cause.fromWire(providerValue));
    }
}
