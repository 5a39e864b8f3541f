package io.callhook.call;

/** What a canonical event reports. Provider event names are translated to these at the edge. */
public enum EventType {
    /** The call started ringing (CTI {@code newCall}, Bandwidth {@code incomingcall} / {@code initiate}). */
    NEW_CALL("newCall"),
    /** Somebody picked up. */
    ANSWER("answer"),
    /** The call ended. */
    HANGUP("hangup"),
    /**
     * callhook's own conclusion that a call ended whose hangup never arrived (the stale-calls function): it sets
     * only the inferred end, which a reported hangup always replaces, in whatever order the two arrive.
     */
    INFERRED_HANGUP("inferredHangup"),
    /** Anything else the provider sends about the call (media, transfers, ...): it may carry facts, never a state. */
    OTHER("other");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
