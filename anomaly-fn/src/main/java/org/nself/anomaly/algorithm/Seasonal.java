package org.nself.anomaly.algorithm;

import java.util.Set;

/**
 * {@code seasonal}: each slot of the period (e.g. 15 minutes of a day) keeps its own smoothed value and
 * deviation; the expected value is the slot's value plus the recent drift of the series from its
 * season (trend). Raw score = |value − expected| / slot deviation.
 */
final class Seasonal implements RawModel {
    static final Set<String> KEYS = Set.of("period", "slots", "alpha", "band_sigmas");
    private final long periodMillis;
    private final int slots;
    private final double alpha;
    private final double sigmas;
    private final double[] slotMean;
    private final double[] slotDev;
    private final boolean[] slotSeen;
    private double drift;
    private double globalDev;
    private long seen;

    Seasonal(Params p) {
        String period = p.choice("period", "daily", Set.of("hourly", "daily", "weekly"));
        this.periodMillis = switch (period) {
            case "hourly" -> 3_600_000L;
            case "weekly" -> 7 * 86_400_000L;
            default -> 86_400_000L;
        };
        this.slots = p.integer("slots", 96, 1, 10_080);
        this.alpha = p.number("alpha", 0.1, 0.001, 1);
        this.sigmas = p.number("band_sigmas", 3, 0.1, 100);
        p.reserve("slots", 17L * slots);
        this.slotMean = new double[slots];
        this.slotDev = new double[slots];
        this.slotSeen = new boolean[slots];
    }

    private int slotOf(long t) {
        long inPeriod = Math.floorMod(t, periodMillis);
        return (int) Math.min(slots - 1, inPeriod * slots / periodMillis);
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        int s = slotOf(t);
        Estimate e;
        double dev = slotSeen[s] ? Math.max(slotDev[s], 0.25 * globalDev) : globalDev;
        if (!slotSeen[s]) {
            e = Estimate.of(0, 0, x, 0);
        } else {
            double expected = slotMean[s] + drift;
            double scale = Math.max(1.25 * dev, 1e-9 * Math.max(1, Math.abs(expected)));
            e = Estimate.of(0, Math.abs(x - expected) / scale, expected, sigmas * 1.25 * dev);
        }
        if (learn) {
            if (!slotSeen[s]) {
                slotMean[s] = x - drift;
                slotDev[s] = globalDev;
                slotSeen[s] = true;
            } else {
                double residual = x - slotMean[s] - drift;
                drift += 0.05 * residual;
                double err = Math.abs(x - slotMean[s] - drift);
                slotMean[s] += alpha * (x - drift - slotMean[s]);
                slotDev[s] += alpha * (err - slotDev[s]);
                globalDev += 0.01 * (err - globalDev);
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
        out.writeDoubles(slotMean).writeDoubles(slotDev);
        double[] flags = new double[slots];
        for (int i = 0; i < slots; i++) {
            flags[i] = slotSeen[i] ? 1 : 0;
        }
        out.writeDoubles(flags).writeDouble(drift).writeDouble(globalDev).writeLong(seen);
    }

    @Override
    public void read(StateIn in) {
        in.readDoubles(slotMean, "seasonal slots");
        in.readDoubles(slotDev, "seasonal slots");
        double[] f = in.readDoubles();
        if (f.length != slots) {
            throw new StateIn.CorruptState(new java.io.IOException("seasonal slots changed"));
        }
        for (int i = 0; i < slots; i++) {
            slotSeen[i] = f[i] != 0;
        }
        drift = in.readDouble();
        globalDev = in.readDouble();
        seen = in.readLong();
    }
}
