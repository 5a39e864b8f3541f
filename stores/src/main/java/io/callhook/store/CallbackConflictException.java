package io.callhook.store;

/** A claim, release or close the item's state refuses: another agent holds it, or it is no longer open. */
public final class CallbackConflictException extends RuntimeException {

    private final String holder;

    public CallbackConflictException(String message, String holder) {
        super(message, null, false, false);
        this.holder = holder;
    }

    /** The agent holding the item, {@code null} when the conflict is its state. */
    public String holder() {
        return holder;
    }
}
