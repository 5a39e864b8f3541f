package io.callhook.call;

/**
 * Why a call ended, the same for every provider; it knows no provider's words. Each provider adapter maps its own
 * spellings to these causes and keeps the provider's value beside it; a value the adapter does not know maps to
 * {@link #UNKNOWN} (or the fallback the provider documents), never to an error.
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

    private final String wire;

    Cause(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The cause a stored or API value names; {@link #UNKNOWN} for a value that names none. */
    public static Cause fromWire(String value) {
        for (Cause cause : values()) {
            if (cause.wire.equals(value)) {
                return cause;
            }
        }
        return UNKNOWN;
    }
}
