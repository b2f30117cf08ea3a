package org.nself.anomaly.algorithm;

import java.util.Set;

/**
 * {@code context}: novelty of the recent sequence of value levels, in the spirit of contextual anomaly
 * detectors such as CAD OSE. Each value is quantized into one of {@code levels} equal bins over the
 * range of the first {@code range_learning} points (0: the range seen so far, always); the contexts are
 * the sequences of the last 1 .. {@code orders} levels. The raw
 * score is the fraction of those contexts never seen before: a value at a new level, or a familiar
 * value in an unfamiliar order, is surprising; a pattern that has happened before is not.
 *
 * <p>Memory is bounded: seen contexts are kept as 64-bit hashes in two generations of at most
 * {@code memory} each; when the current one is full it becomes the old one and the previous old one
 * is forgotten, so contexts not seen for a long time become new again. O(orders) per point.
 */
final class Context implements RawModel {
    static final Set<String> KEYS = Set.of("levels", "orders", "memory", "range_learning");
    private static final long EMPTY = 0;
    private final int levels;
    private final int orders;
    private final int memory;
    private final int[] history;
    private int historyCount;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long[] current;
    private int currentSize;
    private long[] old;
    private long seen;
    private final long[] hashes;
    private final int rangeLearning;

    Context(Params p) {
        this.levels = p.integer("levels", 8, 2, 1024);
        this.orders = p.integer("orders", 7, 1, 32);
        this.memory = p.integer("memory", 8192, 64, 1 << 18);
        this.rangeLearning = p.integer("range_learning", 300, 0, 1_000_000);
        p.reserve("memory", 2L * 8 * tableSize()); // two generations of hashes, before allocating them
        this.history = new int[orders];
        this.hashes = new long[orders];
        this.current = new long[tableSize()];
        this.old = new long[tableSize()];
    }

    private int tableSize() {
        return Integer.highestOneBit(memory) << 2; // load at most 1/2
    }

    @Override
    public double nominal() {
        return 0.5;
    }

    /** Whether the range is fixed: after {@code range_learning} points, once it is not a single value. */
    private boolean frozen() {
        return rangeLearning > 0 && seen >= rangeLearning && max > min;
    }

    /**
     * The level of {@code x}: 0 .. levels-1 inside the range; once the range is fixed, values outside it
     * get levels of their own (up to one range width beyond either end) instead of joining the end ones.
     */
    private int level(double x, double lo, double hi, boolean fixed) {
        if (!(hi > lo)) {
            return 0;
        }
        double b = Math.floor((x - lo) / (hi - lo) * levels);
        return fixed
                ? (int) Math.max(-levels, Math.min(2 * levels - 1, b))
                : (int) Math.max(0, Math.min(levels - 1, b));
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        if (!Double.isFinite(x)) {
            return Estimate.of(0, 0, (min + max) / 2, 0); // ingest refuses these; never learn one
        }
        boolean fixed = frozen();
        double lo = fixed ? min : Math.min(min, x);
        double hi = fixed ? max : Math.max(max, x);
        int b = level(x, lo, hi, fixed);
        // the context of order k is this level after the previous k-1 levels
        long h = mix(0x9E3779B97F4A7C15L ^ b);
        int available = Math.min(historyCount + 1, orders);
        int novel = 0;
        for (int k = 1; k <= available; k++) {
            if (k > 1) {
                h = mix(h * 31 + history[k - 2] + 1);
            }
            long key = h == EMPTY ? 1 : h;
            hashes[k - 1] = key;
            if (!contains(current, key) && !contains(old, key)) {
                novel++;
            }
        }
        double score = seen == 0 ? 0 : novel / (double) available;
        Estimate e = hi > lo ? Estimate.of(0, score, (lo + hi) / 2, (hi - lo) / 2) : Estimate.of(0, score, x, 0);
        if (learn) {
            for (int k = 0; k < available; k++) {
                remember(hashes[k]);
            }
            System.arraycopy(history, 0, history, 1, orders - 1);
            history[0] = b;
            historyCount = Math.min(historyCount + 1, orders);
            min = lo;
            max = hi;
            seen++;
        }
        return e;
    }

    private void remember(long key) {
        if (contains(current, key)) {
            return;
        }
        if (currentSize >= memory) {
            long[] t = old;
            old = current;
            current = t;
            java.util.Arrays.fill(current, EMPTY);
            currentSize = 0;
        }
        insert(current, key);
        currentSize++;
    }

    private static boolean contains(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (table[i] == key) {
                return true;
            }
            if (table[i] == EMPTY) {
                return false;
            }
        }
    }

    private static void insert(long[] table, long key) {
        int mask = table.length - 1;
        int i = (int) key & mask;
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = key;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        double[] h = new double[orders];
        for (int i = 0; i < orders; i++) {
            h[i] = history[i];
        }
        out.writeDoubles(h)
                .writeInt(historyCount)
                .writeDouble(min)
                .writeDouble(max)
                .writeLong(seen);
        writeTable(out, current);
        writeTable(out, old);
    }

    /** Only the keys, in slot order: reinserting them gives the same membership. */
    private static void writeTable(StateOut out, long[] table) {
        long[] keys = new long[table.length];
        int n = 0;
        for (long k : table) {
            if (k != EMPTY) {
                keys[n++] = k;
            }
        }
        out.writeLongs(keys, n);
    }

    @Override
    public void read(StateIn in) {
        double[] h = in.readDoubles();
        if (h.length != orders) {
            throw new StateIn.CorruptState(new java.io.IOException("context orders changed"));
        }
        for (int i = 0; i < orders; i++) {
            history[i] = (int) h[i];
        }
        historyCount = in.readInt();
        min = in.readDouble();
        max = in.readDouble();
        seen = in.readLong();
        current = readTable(in);
        currentSize = count(current);
        old = readTable(in);
    }

    private long[] readTable(StateIn in) {
        long[] keys = in.readLongs();
        if (keys.length > memory) {
            throw new StateIn.CorruptState(new java.io.IOException("context memory changed"));
        }
        long[] table = new long[tableSize()];
        for (long k : keys) {
            if (k != EMPTY && !contains(table, k)) {
                insert(table, k);
            }
        }
        return table;
    }

    private static int count(long[] table) {
        int n = 0;
        for (long k : table) {
            n += k != EMPTY ? 1 : 0;
        }
        return n;
    }
}
