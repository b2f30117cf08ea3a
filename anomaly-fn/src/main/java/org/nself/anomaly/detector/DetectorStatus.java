package org.nself.anomaly.detector;

import java.util.Locale;

/** {@code learning} until warm, {@code active}, {@code paused} (disabled), {@code error} (with a reason). */
public enum DetectorStatus {
    LEARNING,
    ACTIVE,
    PAUSED,
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DetectorStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** An enabled detector that has learned {@code learned} points of the {@code warmup} it needs. */
    public static DetectorStatus warming(long learned, long warmup) {
        return learned >= warmup ? ACTIVE : LEARNING;
    }

    /**
     * After a configuration change: paused when disabled, else warming; an error stays an error
     * unless the model changes (scoring points clears it too).
     */
    static DetectorStatus afterChange(
            DetectorStatus before, boolean enabled, boolean modelChanged, long learned, long warmup) {
        if (!enabled) {
            return PAUSED;
        }
        return before == ERROR && !modelChanged ? ERROR : warming(learned, warmup);
    }
}
