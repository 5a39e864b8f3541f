// Unit tests of the one canonical cause table shared by every provider.
package io.callhook.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CauseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "normalClearing, NORMAL", "NORMAL_CLEARING, NORMAL", "hangup, NORMAL", "completed, NORMAL",
        "cancel, CANCEL", "ORIGINATOR_CANCEL, CANCEL", "canceled, CANCEL",
        "busy, BUSY", "USER_BUSY, BUSY",
        "noAnswer, NO_ANSWER", "NO_ANSWER, NO_ANSWER", "timeout, NO_ANSWER", "no-answer, NO_ANSWER",
        "CALL_REJECTED, REJECTED", "rejected, REJECTED",
        "notFound, NOT_FOUND", "UNALLOCATED_NUMBER, NOT_FOUND",
        "congestion, CONGESTION", "NORMAL_TEMPORARY_FAILURE, CONGESTION", "account-limit, CONGESTION",
        "node-capacity-exceeded, CONGESTION", "failed, CONGESTION",
        "callback-error, ERROR", "invalid-bxml, ERROR", "application-error, ERROR", "error, ERROR",
        "forwarded, FORWARDED",
        "unknown, UNKNOWN", "somethingNew, UNKNOWN"
    })
    void everyProviderSpellingMapsToItsCanonicalCause(String raw, Cause expected) {
        assertEquals(expected, Cause.fromProvider(raw));
    }

    @ParameterizedTest
    @CsvSource({"MEDIA_TIMEOUT, ERROR", "NORMAL_CLEARING, NORMAL"})
    void anAdapterChoosesTheFallbackForValuesNoTableHolds(String raw, Cause expected) {
        assertEquals(expected, Cause.fromProvider(raw, Cause.ERROR));
    }
}
