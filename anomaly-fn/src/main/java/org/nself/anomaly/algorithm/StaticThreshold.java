package org.nself.anomaly.algorithm;

import java.util.Set;

/** {@code threshold}: static bounds; score 1 outside [{@code lower}, {@code upper}], 0 inside. */
final class StaticThreshold implements Algorithm {
    static final Set<String> KEYS = Set.of("lower", "upper");
    private final Double lower;
    private final Double upper;
    private long seen;

    StaticThreshold(Params p) {
        this.lower = p.optionalNumber("lower");
        this.upper = p.optionalNumber("upper");
        if (lower == null && upper == null) {
            throw new Params.InvalidParams("params.upper", "a threshold detector needs lower, upper or both");
        }
        if (lower != null && upper != null && lower > upper) {
            throw new Params.InvalidParams("params.lower", "must not be above upper");
        }
    }

    @Override
    public Estimate score(long t, double x, boolean learn) {
        boolean outside = (lower != null && x < lower) || (upper != null && x > upper);
        double lo = lower == null ? Math.min(x, upper) : lower;
        double hi = upper == null ? Math.max(x, lower) : upper;
        double expected = Math.max(lo, Math.min(hi, x));
        if (learn) {
            seen++;
        }
        return new Estimate(outside ? 1 : 0, outside ? 1 : 0, expected, lo, hi);
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void writeState(StateOut out) {
        out.writeLong(seen);
    }

    StaticThreshold read(StateIn in) {
        seen = in.readLong();
        return this;
    }
}
