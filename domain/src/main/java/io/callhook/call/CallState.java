package io.callhook.call;

/**
 * The furthest point a call has reached. It only moves forward: it is derived from which events have been seen,
 * never stored, so a late or repeated event cannot move a call back.
 */
public enum CallState {
    NEW_CALL("newCall"),
    ANSWER("answer"),
    HANGUP("hangup");

    private final String wire;

    CallState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
