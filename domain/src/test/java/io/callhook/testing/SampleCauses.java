package io.callhook.testing;

import io.callhook.call.Cause;
import java.util.Map;

/**
 * The CTI hangup causes the store and missed-call tests send, with the canonical cause the CTI adapter gives them;
 * any other value is unknown. Test data: the adapters keep the real tables.
 */
public final class SampleCauses {

    private static final Map<String, Cause> CTI = Map.of(
            "normalClearing", Cause.NORMAL, "cancel", Cause.CANCEL, "busy", Cause.BUSY, "noAnswer", Cause.NO_ANSWER,
            "congestion", Cause.CONGESTION, "notFound", Cause.NOT_FOUND, "forwarded", Cause.FORWARDED);

    private SampleCauses() {
    }

    public static Cause canonical(String cti) {
        return CTI.getOrDefault(cti, Cause.UNKNOWN);
    }
}
