package io.callhook.cti;

import io.callhook.call.Cause;
import java.util.Map;

/**
 * The generic CTI (Zammad / sipgate) hangup causes and their canonical cause; any other value is unknown. A hangup
 * without a cause is a normal clearing: PBXs leave the cause out when the call simply ended (one side hung up).
 */
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

    /**
     * The canonical cause of a CTI {@code cause} value: {@link Cause#NORMAL} for an absent one, {@link Cause#UNKNOWN}
     * for one the table does not hold.
     */
    static Cause of(String cause) {
        return cause == null ? Cause.NORMAL : BY_CTI_VALUE.getOrDefault(cause, Cause.UNKNOWN);
    }
}
