package org.nself.anomaly.detector;

/** {@code learning} until warm, {@code active}, {@code paused} (disabled), {@code error} (with a reason). */
public enum DetectorStatus {
    LEARNING,
    ACTIVE,
    PAUSED,
    ERROR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static DetectorStatus of(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
