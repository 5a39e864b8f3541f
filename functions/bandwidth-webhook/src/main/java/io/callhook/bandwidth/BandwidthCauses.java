package io.callhook.bandwidth;

import io.callhook.call.Cause;
import java.util.Map;

/**
 * Bandwidth's hangup causes, Catapult (v1) and Voice API (v2) spellings in one table, and their canonical cause.
 * A value the table does not hold maps to the fallback each API documents: v1 calls any other cause an internal
 * error, v2 says its list is not exhaustive.
 */
final class BandwidthCauses {

    private static final Map<String, Cause> BY_BANDWIDTH_VALUE = Map.ofEntries(
            // Catapult (v1) hangup causes
            Map.entry("NORMAL_CLEARING", Cause.NORMAL),
            Map.entry("ORIGINATOR_CANCEL", Cause.CANCEL),
            Map.entry("USER_BUSY", Cause.BUSY),
            Map.entry("NO_ANSWER", Cause.NO_ANSWER),
            Map.entry("CALL_REJECTED", Cause.REJECTED),
            Map.entry("UNALLOCATED_NUMBER", Cause.NOT_FOUND),
            Map.entry("NORMAL_TEMPORARY_FAILURE", Cause.CONGESTION),
            // Voice API (v2) disconnect causes
            Map.entry("hangup", Cause.NORMAL),
            Map.entry("cancel", Cause.CANCEL),
            Map.entry("busy", Cause.BUSY),
            Map.entry("timeout", Cause.NO_ANSWER),
            Map.entry("rejected", Cause.REJECTED),
            Map.entry("account-limit", Cause.CONGESTION),
            Map.entry("node-capacity-exceeded", Cause.CONGESTION),
            Map.entry("callback-error", Cause.ERROR),
            Map.entry("invalid-bxml", Cause.ERROR),
            Map.entry("application-error", Cause.ERROR),
            Map.entry("error", Cause.ERROR),
            Map.entry("unknown", Cause.UNKNOWN));

    private BandwidthCauses() {
    }

    /** The canonical cause of a Catapult hangup cause; any value Bandwidth does not document is an error. */
    static Cause ofCatapult(String cause) {
        return cause == null ? Cause.UNKNOWN : BY_BANDWIDTH_VALUE.getOrDefault(cause, Cause.ERROR);
    }

    /** The canonical cause of a Voice API disconnect cause; any value Bandwidth does not document is unknown. */
    static Cause ofVoice(String cause) {
        return cause == null ? Cause.UNKNOWN : BY_BANDWIDTH_VALUE.getOrDefault(cause, Cause.UNKNOWN);
    }
}
