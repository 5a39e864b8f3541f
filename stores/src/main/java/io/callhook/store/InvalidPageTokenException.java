package io.callhook.store;

/** A {@code nextToken} that this list did not give out (altered, or from another list); nothing was read. */
public final class InvalidPageTokenException extends RuntimeException {

    public InvalidPageTokenException() {
        super("nextToken is not valid for this list; start again without it", null, false, false);
    }
}
