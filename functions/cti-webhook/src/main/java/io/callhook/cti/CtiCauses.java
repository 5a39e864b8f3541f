package io.callhook.cti;

import io.callhook.call.Cause;
import java.util.Map;

/** The generic CTI (Zammad / sipgate) hangup causes and their canonical cause; any other value is unknown. */
final class CtiCauses {

    private static final Map<String, Cause> BY_CTI_VALUE = Map.of(
            "normalClearing", Cause.NORMAL,
            "cancel", Cause.CANCEL,
            "busy", Cause.BUSY,
            "noAnswer", Cause.NO_ANSWER,
            "congestion", Cause.CONGESTION,
            "notFound", Cause.NOT_FOUND,
            "forwarded", Cause.FORWARDED);

    private CtiCauses() {
    }

    /** The canonical cause of a CTI {@code cause} value; {@link Cause#UNKNOWN} for an absent or unknown one. */
    static Cause of(String cause) {
        return cause == null ? Cause.UNKNOWN : BY_CTI_VALUE.getOrDefault(cause, Cause.UNKNOWN);
    }
}
