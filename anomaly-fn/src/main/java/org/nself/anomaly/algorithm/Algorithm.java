package org.nself.anomaly.algorithm;

/**
 * A streaming anomaly scorer. {@link #score} with {@code learn = true} consumes the point (the model
 * moves); with {@code learn = false} (late or out-of-order points) it only scores against the current
 * model and changes nothing. Every implementation is O(1) or O(log n) per point and can write its
 * whole state so that another instance resumes it exactly.
 */
public interface Algorithm {
    Estimate score(long epochMillis, double value, boolean learn);

    /** Points it has learned from. */
    long seen();

    void writeState(StateOut out);
}
