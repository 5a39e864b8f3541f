package io.callhook.store;

/** The call id is already used by another integration; the event was not applied. */
public final class CallOwnedByAnotherSourceException extends RuntimeException {

    private final String callId;

    public CallOwnedByAnotherSourceException(String callId) {
        super("call " + callId + " belongs to another source", null, false, false);
        this.callId = callId;
    }

    public String callId() {
        return callId;
    }
}
