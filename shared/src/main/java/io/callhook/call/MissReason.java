package io.callhook.call;

/**
 * Why an inbound call was missed: exactly one per missed call, decided from the call record alone by
 * {@link CallOutcomes#missReason}. The wire names are what the API, the missed-calls table and the counts use.
 */
public enum MissReason {
    /** The caller hung up before anyone answered, within the line's short-abandon threshold. */
    ABANDONED_SHORT("abandoned_short"),
    /** The caller hung up before anyone answered, after the threshold. */
    ABANDONED("abandoned"),
    /** Nobody answered before the phone system gave up ringing. */
    NO_ANSWER("no_answer"),
    /** The line or every agent was busy. */
    BUSY("busy"),
    /** The call was refused. */
    REJECTED("rejected"),
    /** The call started outside the line's business hours (or on a holiday). */
    OUT_OF_HOURS("out_of_hours"),
    /** Voicemail took the call. */
    VOICEMAIL("voicemail"),
    /** The call could not be put through (unknown number, congestion, a network or provider error). */
    UNREACHABLE("unreachable"),
    /** The end was never reported (closed by inference), or the provider's cause is one callhook does not know. */
    UNKNOWN("unknown");

    private final String wire;

    MissReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The reason a stored value names; {@link #UNKNOWN} for a value that names none. */
    public static MissReason fromWire(String value) {
        for (MissReason reason : values()) {
            if (reason.wire.equals(value)) {
                return reason;
            }
        }
        return UNKNOWN;
    }
}
