package org.nself.anomaly.scoring;

/** How bad an anomaly is, from its peak calibrated score. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static Severity of(double peakScore) {
        if (peakScore >= 0.95) {
            return CRITICAL;
        }
        if (peakScore >= 0.8) {
            return HIGH;
        }
        if (peakScore >= 0.6) {
            return MEDIUM;
        }
        return LOW;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
