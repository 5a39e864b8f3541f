package io.callhook.twilio;

import io.callhook.call.Cause;
import java.util.Map;

/**
 * Twilio's final call statuses and their canonical cause; Twilio has no separate hangup cause, the status is it. A
 * status the table does not hold maps to {@link Cause#UNKNOWN}.
 */
final class TwilioCauses {

    private static final Map<String, Cause> BY_CALL_STATUS = Map.of(
            "completed", Cause.NORMAL,
            "busy", Cause.BUSY,
            "no-answer", Cause.NO_ANSWER,
            "canceled", Cause.CANCEL,
            "failed", Cause.CONGESTION);

    private TwilioCauses() {
    }

    /** Whether a {@code CallStatus} means the call has ended. */
    static boolean isFinal(String callStatus) {
        return BY_CALL_STATUS.containsKey(callStatus);
    }

    /** The canonical cause of a final {@code CallStatus}; {@link Cause#UNKNOWN} for anything else. */
    static Cause of(String callStatus) {
        return callStatus == null ? Cause.UNKNOWN : BY_CALL_STATUS.getOrDefault(callStatus, Cause.UNKNOWN);
    }
}
