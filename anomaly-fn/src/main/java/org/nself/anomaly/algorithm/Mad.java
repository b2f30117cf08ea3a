package org.nself.anomaly.algorithm;

import java.util.Set;

/**
 * {@code mad}: rolling median and median absolute deviation over the last {@code window} points,
 * robust to the outliers it looks for. The window is kept sorted (binary search, O(log n) compares).
 */
final class Mad implements RawModel {
    static final Set<String> KEYS = Set.of("window", "band_sigmas");
    private final SortedWindow window;
    private final double sigmas;
    private long seen;

    Mad(Params p) {
        int window = p.integer("window", 101, 5, 10_000);
        p.reserve("window", 16L * window);
        this.window = new SortedWindow(window);
        this.sigmas = p.number("band_sigmas", 3, 0.1, 100);
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        Estimate e;
        if (window.count() < 3) {
            e = Estimate.of(0, 0, x, 0);
        } else {
            double median = median();
            double mad = madOf(median);
            double scale = Math.max(1.4826 * mad, 1e-9 * Math.max(1, Math.abs(median)));
            e = Estimate.of(0, Math.abs(x - median) / scale, median, sigmas * 1.4826 * mad);
        }
        if (learn) {
            window.push(x);
            seen++;
        }
        return e;
    }

    private double madOf(double median) {
        // |x - median| over a sorted window: merge outward from the median, O(n) but no allocation.
        int count = window.count();
        int k = count / 2;
        int lo = window.lowerIndex(median) - 1;
        int hi = lo + 1;
        double last = 0;
        int taken = 0;
        int need = k + 1;
        double prev = 0;
        while (taken < need) {
            double dl = lo >= 0 ? median - window.sorted(lo) : Double.POSITIVE_INFINITY;
            double dh = hi < count ? window.sorted(hi) - median : Double.POSITIVE_INFINITY;
            prev = last;
            if (dl <= dh) {
                last = dl;
                lo--;
            } else {
                last = dh;
                hi++;
            }
            taken++;
        }
        return count % 2 == 1 ? last : (prev + last) / 2;
    }

    private double median() {
        int n = window.count();
        return n % 2 == 1 ? window.sorted(n / 2) : (window.sorted(n / 2 - 1) + window.sorted(n / 2)) / 2;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        window.write(out);
        out.writeLong(seen);
    }

    @Override
    public void read(StateIn in) {
        window.read(in, "mad window");
        seen = in.readLong();
    }
}
