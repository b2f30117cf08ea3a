package org.nself.anomaly.algorithm;

import java.util.Arrays;

/**
 * The last {@code size} values, in arrival order (a ring) and sorted, so that a rank or a median is a
 * binary search away: O(log n) compares and one array shift per value. {@code mad} keeps its window
 * here, the calibration its empirical tails.
 */
final class SortedWindow {
    private final double[] ring;
    private final double[] sorted;
    private int head;
    private int count;

    SortedWindow(int size) {
        this.ring = new double[size];
        this.sorted = new double[size];
    }

    /** How many values it keeps at the most. */
    int size() {
        return ring.length;
    }

    /** How many values it holds. */
    int count() {
        return count;
    }

    /** The {@code i}-th smallest value held. */
    double sorted(int i) {
        return sorted[i];
    }

    /** How many values held are below {@code x}: the index of the first that is not. */
    int lowerIndex(double x) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Adds {@code x}; when full, the oldest value goes. */
    void push(double x) {
        if (count == ring.length) {
            int i = Arrays.binarySearch(sorted, 0, count, ring[head]);
            if (i >= 0) {
                System.arraycopy(sorted, i + 1, sorted, i, count - i - 1);
                count--;
            }
        }
        ring[head] = x;
        head = (head + 1) % ring.length;
        int i = lowerIndex(x);
        System.arraycopy(sorted, i, sorted, i + 1, count - i);
        sorted[i] = x;
        count++;
    }

    void write(StateOut out) {
        out.writeDoubles(ring).writeDoubles(sorted).writeInt(head).writeInt(count);
    }

    /** {@code what}: the window's name in the message when its size changed since it was written. */
    void read(StateIn in, String what) {
        in.readDoubles(ring, what);
        in.readDoubles(sorted, what);
        head = in.readInt();
        count = in.readInt();
    }
}
