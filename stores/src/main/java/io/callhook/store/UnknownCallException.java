package io.callhook.store;

/** A call id with no record. */
public final class UnknownCallException extends RuntimeException {

    private final String callId;

    public UnknownCallException(String callId) {
        super("no call " + callId, null, false, false);
        this.callId = callId;
    }

    public String callId() {
        return callId;
    }
}
