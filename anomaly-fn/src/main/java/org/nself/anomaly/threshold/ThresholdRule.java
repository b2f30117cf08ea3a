package org.nself.anomaly.threshold;

import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.algorithm.StateIn;
import org.nself.anomaly.algorithm.StateOut;

/**
 * Applies a {@link ThresholdConfig} to the stream of in-order scored points and says what each point
 * does to the detector's anomalies: starts one, continues the open one, ends it, or nothing. Its state
 * (the last N qualifications, points seen, whether a run is open, when the last one ended) is persisted
 * with the model.
 */
public final class ThresholdRule {
    /** What one point does. */
    public enum Outcome {
        NORMAL,
        OPENS,
        CONTINUES,
        CLOSES,
        SUPPRESSED
    }

    private final ThresholdConfig config;
    private long bits;
    private long seen;
    private boolean open;
    private long lastEnd = Long.MIN_VALUE;

    public ThresholdRule(ThresholdConfig config) {
        this.config = config;
    }

    /** Whether the point qualifies on its own (score, side, deviation, warm-up), with no state change. */
    public boolean qualifies(double value, Estimate e, long seenBefore) {
        double deviation = Math.abs(value - e.expected());
        return seenBefore >= config.warmupPoints()
                && e.score() >= config.scoreThreshold()
                && config.direction().allows(value, e.expected())
                && deviation >= config.minAbsDeviation()
                && deviation >= config.minRelDeviation() * Math.abs(e.expected());
    }

    /** The next in-order point. */
    public Outcome next(long epochMillis, double value, Estimate e) {
        boolean q = qualifies(value, e, seen);
        seen++;
        long mask = config.ofLast() == 64 ? -1L : (1L << config.ofLast()) - 1;
        bits = ((bits << 1) | (q ? 1 : 0)) & mask;
        boolean anomalous = q && Long.bitCount(bits) >= config.minConsecutive();
        if (anomalous) {
            if (open) {
                lastEnd = epochMillis;
                return Outcome.CONTINUES;
            }
            if (lastEnd != Long.MIN_VALUE && epochMillis - lastEnd < config.cooldownSeconds() * 1000) {
                return Outcome.SUPPRESSED;
            }
            open = true;
            lastEnd = epochMillis;
            return Outcome.OPENS;
        }
        if (open) {
            open = false;
            return Outcome.CLOSES;
        }
        return Outcome.NORMAL;
    }

    public boolean isOpen() {
        return open;
    }

    public void write(StateOut out) {
        out.writeLong(bits).writeLong(seen).writeBoolean(open).writeLong(lastEnd);
    }

    public ThresholdRule read(StateIn in) {
        bits = in.readLong();
        seen = in.readLong();
        open = in.readBoolean();
        lastEnd = in.readLong();
        return this;
    }
}
