package io.callhook.call;

import java.util.Map;

/**
 * Why a call ended, the same for every provider. The provider's own value is always kept beside it.
 *
 * <p>One table maps every provider's spelling; a value it does not know maps to the fallback the adapter gives
 * ({@link #UNKNOWN} unless the provider documents otherwise), never to an error.
 */
public enum Cause {
    NORMAL("normal"),
    CANCEL("cancel"),
    BUSY("busy"),
    NO_ANSWER("no_answer"),
    REJECTED("rejected"),
    NOT_FOUND("not_found"),
    CONGESTION("congestion"),
    ERROR("error"),
    FORWARDED("forwarded"),
    UNKNOWN("unknown");

    private static final Map<String, Cause> BY_PROVIDER_VALUE = Map.ofEntries(
            // generic CTI (Zammad / sipgate)
            Map.entry("normalClearing", NORMAL),
            Map.entry("cancel", CANCEL),
            Map.entry("busy", BUSY),
            Map.entry("noAnswer", NO_ANSWER),
            Map.entry("congestion", CONGESTION),
            Map.entry("notFound", NOT_FOUND),
            Map.entry("forwarded", FORWARDED),
            // Bandwidth v1 (Catapult)
            Map.entry("NORMAL_CLEARING", NORMAL),
            Map.entry("ORIGINATOR_CANCEL", CANCEL),
            Map.entry("USER_BUSY", BUSY),
            Map.entry("NO_ANSWER", NO_ANSWER),
            Map.entry("CALL_REJECTED", REJECTED),
            Map.entry("UNALLOCATED_NUMBER", NOT_FOUND),
            Map.entry("NORMAL_TEMPORARY_FAILURE", CONGESTION),
            // Bandwidth v2 (Voice API); "busy" and "cancel" are shared with CTI above
            Map.entry("hangup", NORMAL),
            Map.entry("timeout", NO_ANSWER),
            Map.entry("rejected", REJECTED),
            Map.entry("account-limit", CONGESTION),
            Map.entry("node-capacity-exceeded", CONGESTION),
            Map.entry("callback-error", ERROR),
            Map.entry("invalid-bxml", ERROR),
            Map.entry("application-error", ERROR),
            Map.entry("error", ERROR),
            Map.entry("unknown", UNKNOWN),
            // Twilio CallStatus
            Map.entry("completed", NORMAL),
            Map.entry("canceled", CANCEL),
            Map.entry("no-answer", NO_ANSWER),
            Map.entry("failed", CONGESTION));

    private final String wire;

    Cause(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The canonical cause of a provider value, {@link #UNKNOWN} for a value no provider documents. */
    public static Cause fromProvider(String providerValue) {
        return fromProvider(providerValue, UNKNOWN);
    }

    /** The canonical cause of a provider value, or {@code fallback} for a value the table does not hold. */
    public static Cause fromProvider(String providerValue, Cause fallback) {
        return BY_PROVIDER_VALUE.getOrDefault(providerValue, fallback);
    }

    public static Cause fromWire(String value) {
        for (Cause cause : values()) {
            if (cause.wire.equals(value)) {
                return cause;
            }
        }
        return UNKNOWN;
    }
}
