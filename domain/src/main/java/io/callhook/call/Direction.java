package io.callhook.call;

/** Which side started the call, seen from the organisation that runs callhook. */
public enum Direction {
    IN("in"),
    OUT("out");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    /** The stored and API spelling: {@code in} or {@code out}. */
    public String wire() {
        return wire;
    }

    public static Direction fromWire(String value) {
        for (Direction direction : values()) {
            if (direction.wire.equals(value)) {
                return direction;
            }
        }
        throw new IllegalArgumentException("unknown direction " + value);
    }
}
