package org.nself.anomaly.algorithm;

import java.util.Arrays;
import java.util.Set;

/**
 * {@code mad}: rolling median and median absolute deviation over the last {@code window} points,
 * robust to the outliers it looks for. The window is kept sorted (binary search, O(log n) compares).
 */
final class Mad implements RawModel {
    static final Set<String> KEYS = Set.of("window", "band_sigmas");
    private final double[] ring;
    private final double[] sorted;
    private final double sigmas;
    private int head;
    private int count;
    private long seen;

    Mad(Params p) {
        int window = p.integer("window", 101, 5, 10_000);
        p.reserve("window", 16L * window);
        this.ring = new double[window];
        this.sorted = new double[window];
        this.sigmas = p.number("band_sigmas", 3, 0.1, 100);
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        Estimate e;
        if (count < 3) {
            e = Estimate.of(0, 0, x, 0);
        } else {
            double median = median(sorted, count);
            double mad = madOf(median);
            double scale = Math.max(1.4826 * mad, 1e-9 * Math.max(1, Math.abs(median)));
            e = Estimate.of(0, Math.abs(x - median) / scale, median, sigmas * 1.4826 * mad);
        }
        if (learn) {
            if (count == ring.length) {
                remove(ring[head]);
            }
            count++;
            ring[head] = x;
            head = (head + 1) % ring.length;
            insert(x);
            seen++;
        }
        return e;
    }

    private double madOf(double median) {
        // |x - median| over a sorted window: merge outward from the median, O(n) but no allocation.
        int k = count / 2;
        int lo = lowerIndex(median) - 1;
        int hi = lo + 1;
        double last = 0;
        int taken = 0;
        int need = k + 1;
        double prev = 0;
        while (taken < need) {
            double dl = lo >= 0 ? median - sorted[lo] : Double.POSITIVE_INFINITY;
            double dh = hi < count ? sorted[hi] - median : Double.POSITIVE_INFINITY;
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

    private int lowerIndex(double v) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insert(double x) {
        int filled = count - 1;
        int i = 0;
        int hi = filled;
        while (i < hi) {
            int mid = (i + hi) >>> 1;
            if (sorted[mid] < x) {
                i = mid + 1;
            } else {
                hi = mid;
            }
        }
        System.arraycopy(sorted, i, sorted, i + 1, filled - i);
        sorted[i] = x;
    }

    private void remove(double x) {
        int i = Arrays.binarySearch(sorted, 0, count, x);
        if (i < 0) {
            return;
        }
        System.arraycopy(sorted, i + 1, sorted, i, count - i - 1);
        count--;
    }

    private static double median(double[] s, int n) {
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        out.writeDoubles(ring)
                .writeDoubles(sorted)
                .writeInt(head)
                .writeInt(count)
                .writeLong(seen);
    }

    @Override
    public void read(StateIn in) {
        in.readDoubles(ring, "mad window");
        in.readDoubles(sorted, "mad window");
        head = in.readInt();
        count = in.readInt();
        seen = in.readLong();
    }
}
