package org.nself.anomaly.algorithm;

import java.util.Set;

/** {@code zscore}: exponentially weighted mean and variance; raw score = |value − mean| / std. */
final class ZScore implements RawModel {
    static final Set<String> KEYS = Set.of("window", "band_sigmas");
    private final double alpha;
    private final double sigmas;
    private double mean;
    private double variance;
    private long seen;

    ZScore(Params p) {
        int window = p.integer("window", 100, 2, 100_000);
        this.alpha = 2.0 / (window + 1);
        this.sigmas = p.number("band_sigmas", 3, 0.1, 100);
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        double std = Math.sqrt(variance);
        double scale = Math.max(std, 1e-9 * Math.max(1, Math.abs(mean)));
        double raw = seen < 2 ? 0 : Math.abs(x - mean) / scale;
        Estimate e = Estimate.of(0, raw, seen == 0 ? x : mean, sigmas * std);
        if (learn) {
            if (seen == 0) {
                mean = x;
            } else {
                double d = x - mean;
                mean += alpha * d;
                variance = (1 - alpha) * (variance + alpha * d * d);
            }
            seen++;
        }
        return e;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        out.writeDouble(mean).writeDouble(variance).writeLong(seen);
    }

    @Override
    public void read(StateIn in) {
        mean = in.readDouble();
        variance = in.readDouble();
        seen = in.readLong();
    }
}
