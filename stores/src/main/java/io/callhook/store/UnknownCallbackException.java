package io.callhook.store;

/** A worklist item id with no item in the agent's organization. */
public final class UnknownCallbackException extends RuntimeException {

    public UnknownCallbackException() {
        super("no such callback item", null, false, false);
    }
}
