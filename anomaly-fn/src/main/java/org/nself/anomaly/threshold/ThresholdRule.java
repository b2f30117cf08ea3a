package org.nself.anomaly.threshold;

import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.algorithm.StateIn;
import org.nself.anomaly.algorithm.StateOut;

/**
 * Applies a {@link ThresholdConfig} to the stream of in-order scored points and says what each point
 * does to the detector's anomalies: starts one, continues the open one, ends it, or nothing. Its state
 * (the last N qualifications, points seen, whether a run is open, when the last one ended, the recent
 * gaps between timestamps) is persisted with the model.
 *
 * <p>The sampling interval behind {@code cooldown_intervals} is the median of the last {@value #GAPS}
 * positive gaps between in-order points: a missing stretch or a burst moves it only once it is most of
 * what was seen lately. Until a first gap is seen the interval is unknown and that cooldown is 0.
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
    static final int GAPS = 15;
    private final long[] gaps = new long[GAPS];
    private long gapCount;
    private long last = Long.MIN_VALUE;

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
        if (last != Long.MIN_VALUE && epochMillis > last) {
            gaps[(int) (gapCount++ % GAPS)] = epochMillis - last;
        }
        last = epochMillis;
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
            if (lastEnd != Long.MIN_VALUE && epochMillis - lastEnd < cooldownMillis()) {
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

    private long cooldownMillis() {
        long byIntervals = config.cooldownIntervals() == 0 ? 0 : config.cooldownIntervals() * interval();
        return Math.max(config.cooldownSeconds() * 1000, byIntervals);
    }

    /** The estimated sampling interval in ms, 0 while unknown. */
    long interval() {
        int n = (int) Math.min(gapCount, GAPS);
        if (n == 0) {
            return 0;
        }
        long[] sorted = java.util.Arrays.copyOf(gaps, n);
        java.util.Arrays.sort(sorted);
        return sorted[(n - 1) / 2];
    }

    public boolean isOpen() {
        return open;
    }

    public void write(StateOut out) {
        out.writeLong(bits).writeLong(seen).writeBoolean(open).writeLong(lastEnd);
        out.writeLong(last).writeLong(gapCount).writeLongs(gaps, (int) Math.min(gapCount, GAPS));
    }

    public ThresholdRule read(StateIn in) {
        bits = in.readLong();
        seen = in.readLong();
        open = in.readBoolean();
        lastEnd = in.readLong();
        if (in.atEnd()) {
            return this; // written before the interval was kept: it is learned again from here
        }
        last = in.readLong();
        gapCount = in.readLong();
        long[] kept = in.readLongs();
        if (gapCount < 0 || kept.length != Math.min(gapCount, GAPS)) {
            throw new StateIn.CorruptState(new java.io.IOException("bad gap count " + gapCount));
        }
        System.arraycopy(kept, 0, gaps, 0, kept.length);
        return this;
    }
}
