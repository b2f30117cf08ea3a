package org.nself.anomaly.algorithm;

import java.util.Set;

/**
 * {@code holt_winters}: additive level, trend and (optional, {@code season_length} points) season; the
 * one-step forecast is the expected value and the smoothed absolute forecast error the band.
 */
final class HoltWinters implements RawModel {
    static final Set<String> KEYS = Set.of("alpha", "beta", "gamma", "season_length", "band_sigmas");
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double sigmas;
    private final double[] season;
    private double level;
    private double trend;
    private double mae;
    private long seen;

    HoltWinters(Params p) {
        this.alpha = p.number("alpha", 0.5, 0.001, 1);
        this.beta = p.number("beta", 0.01, 0, 1);
        this.gamma = p.number("gamma", 0.1, 0, 1);
        int seasonLength = p.integer("season_length", 0, 0, 10_080);
        p.reserve("season_length", 8L * seasonLength);
        this.season = new double[seasonLength];
        this.sigmas = p.number("band_sigmas", 3, 0.1, 100);
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        int i = season.length == 0 ? 0 : (int) (seen % season.length);
        double s = season.length == 0 ? 0 : season[i];
        double forecast = level + trend + s;
        Estimate e;
        if (seen < 2) {
            e = Estimate.of(0, 0, x, 0);
        } else {
            double scale = Math.max(1.25 * mae, 1e-9 * Math.max(1, Math.abs(forecast)));
            e = Estimate.of(0, Math.abs(x - forecast) / scale, forecast, sigmas * 1.25 * mae);
        }
        if (learn) {
            if (seen == 0) {
                level = x;
            } else {
                double err = Math.abs(x - forecast);
                mae = seen == 1 ? err : mae + 0.05 * (err - mae);
                double previous = level;
                level = alpha * (x - s) + (1 - alpha) * (level + trend);
                trend = beta * (level - previous) + (1 - beta) * trend;
                if (season.length > 0) {
                    season[i] = gamma * (x - level) + (1 - gamma) * s;
                }
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
        out.writeDoubles(season)
                .writeDouble(level)
                .writeDouble(trend)
                .writeDouble(mae)
                .writeLong(seen);
    }

    @Override
    public void read(StateIn in) {
        in.readDoubles(season, "season length");
        level = in.readDouble();
        trend = in.readDouble();
        mae = in.readDouble();
        seen = in.readLong();
    }
}
