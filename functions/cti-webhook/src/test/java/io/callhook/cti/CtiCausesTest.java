// Unit test (no I/O): the generic CTI cause table, and that other providers' spellings are not CTI causes.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.call.Cause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CtiCausesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "normalClearing, NORMAL", "cancel, CANCEL", "busy, BUSY", "noAnswer, NO_ANSWER", "congestion, CONGESTION",
        "notFound, NOT_FOUND", "forwarded, FORWARDED",
        // Bandwidth and Twilio spellings mean nothing from a CTI PBX
        "hangup, UNKNOWN", "timeout, UNKNOWN", "NORMAL_CLEARING, UNKNOWN", "completed, UNKNOWN",
        "no-answer, UNKNOWN", "somethingNew, UNKNOWN"
    })
    void everyCtiCauseMapsToItsCanonicalCauseAndNothingElseIsKnown(String raw, Cause expected) {
        assertEquals(expected, CtiCauses.of(raw));
    }

    @Test
    void aHangupWithoutACauseIsANormalClearingNotAnUnknownCause() {
        assertEquals(Cause.NORMAL, CtiCauses.of(null));
    }
}
