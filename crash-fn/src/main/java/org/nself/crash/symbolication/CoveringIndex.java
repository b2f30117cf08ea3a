package org.nself.crash.symbolication;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Which of a set of ranges covers an address, in O(log n) whatever the ranges look like: among the
 * ranges {@code [start, end)} holding the address, the one with the highest index (the ranges come
 * sorted by start, so that is the one starting last, the most specific). Nested, overlapping or huge
 * ranges (one spanning the whole address space) cost the same as disjoint ones: the index is the
 * partition of the address line into at most {@code 2n} segments, each with its answer precomputed
 * (a sweep with a heap, O(n log n) once).
 */
record CoveringIndex(long[] segmentStarts, int[] owners) {
    /** Bytes per range the index may hold: two segments of a long and an int. */
    static final long BYTES_PER_RANGE = 24;

    private static final CoveringIndex EMPTY = new CoveringIndex(new long[0], new int[0]);

    /**
     * {@code starts} ascending (ties in any order: the later index wins); a range with {@code end <= start}
     * covers nothing.
     */
    static CoveringIndex of(long[] starts, long[] ends) {
        int n = starts.length;
        if (n == 0) {
            return EMPTY;
        }
        long[] bounds = new long[2 * n];
        for (int i = 0; i < n; i++) {
            bounds[2 * i] = starts[i];
            bounds[2 * i + 1] = ends[i];
        }
        Arrays.sort(bounds);
        long[] segStarts = new long[2 * n];
        int[] segOwners = new int[2 * n];
        int segments = 0;
        // the highest index first; ranges that ended are dropped when they reach the top
        PriorityQueue<Integer> active = new PriorityQueue<>((a, b) -> Integer.compare(b, a));
        int next = 0;
        for (int b = 0; b < bounds.length; b++) {
            long at = bounds[b];
            if (b > 0 && bounds[b - 1] == at) {
                continue;
            }
            while (next < n && starts[next] <= at) {
                if (ends[next] > starts[next]) {
                    active.add(next);
                }
                next++;
            }
            while (!active.isEmpty() && ends[active.peek()] <= at) {
                active.poll();
            }
            int owner = active.isEmpty() ? -1 : active.peek();
            if (segments == 0 || segOwners[segments - 1] != owner) {
                segStarts[segments] = at;
                segOwners[segments] = owner;
                segments++;
            }
        }
        return new CoveringIndex(Arrays.copyOf(segStarts, segments), Arrays.copyOf(segOwners, segments));
    }

    /** The index of the covering range, or -1. */
    int find(long address) {
        int segment = upperBound(segmentStarts, address) - 1;
        return segment < 0 ? -1 : owners[segment];
    }

    /** The number of values {@code <= key} in a sorted array. */
    static int upperBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int segments() {
        return segmentStarts.length;
    }

    /** {@code start + size} as an end: a size past the top of the address space ends at its top. */
    static long end(long start, long size) {
        long end = start + size;
        // sizes are unsigned 64-bit: a "negative" one, or one that overflows, reaches the top
        return size < 0 || end < start ? Long.MAX_VALUE : end;
    }
}
