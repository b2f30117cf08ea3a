package org.nself.anomaly.algorithm;

/**
 * What an algorithm says about one point: a calibrated score in [0, 1], the value it expected and
 * the band it considers normal. {@code raw} is the algorithm's own uncalibrated score.
 */
public record Estimate(double score, double raw, double expected, double lower, double upper) {
    public Estimate {
        if (!(score >= 0 && score <= 1)) {
            score = Double.isNaN(score) ? 0 : Math.max(0, Math.min(1, score));
        }
    }

    static Estimate of(double score, double raw, double expected, double halfWidth) {
        double w = Double.isFinite(halfWidth) ? Math.abs(halfWidth) : 0;
        double e = Double.isFinite(expected) ? expected : 0;
        return new Estimate(score, Double.isFinite(raw) ? raw : 0, e, e - w, e + w);
    }
}
