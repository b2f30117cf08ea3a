package org.nself.anomaly.threshold;

/** Which side of the expected value counts: {@code up}, {@code down} or {@code both}. */
public enum Direction {
    UP,
    DOWN,
    BOTH;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean allows(double value, double expected) {
        return switch (this) {
            case UP -> value > expected;
            case DOWN -> value < expected;
            case BOTH -> true;
        };
    }
}
