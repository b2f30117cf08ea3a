package org.nself.crash.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable count of distinct users (64-bit hashes of device ids): exact up to {@link #EXACT_LIMIT}
 * users, then a HyperLogLog with 2^11 registers (about 2.3 % standard error). Rollup rows store one
 * per hour, so distinct users over any period are the merge of that period's rows.
 */
public final class UserSketch {
    static final int EXACT_LIMIT = 256;
    private static final int P = 11;
    private static final int M = 1 << P;
    private static final byte EXACT = 0;
    private static final byte HLL = 1;

    private long[] exact = new long[0];
    private int size;
    private byte[] registers;

    public void add(long hash) {
        if (registers != null) {
            addToRegisters(hash);
            return;
        }
        int at = Arrays.binarySearch(exact, 0, size, hash);
        if (at >= 0) {
            return;
        }
        if (size == EXACT_LIMIT) {
            toRegisters();
            addToRegisters(hash);
            return;
        }
        int insert = -at - 1;
        if (size == exact.length) {
            exact = Arrays.copyOf(exact, Math.max(8, size * 2));
        }
        System.arraycopy(exact, insert, exact, insert + 1, size - insert);
        exact[insert] = hash;
        size++;
    }

    public void merge(UserSketch other) {
        if (other.registers == null) {
            for (int i = 0; i < other.size; i++) {
                add(other.exact[i]);
            }
            return;
        }
        if (registers == null) {
            toRegisters();
        }
        for (int i = 0; i < M; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    public long estimate() {
        if (registers == null) {
            return size;
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += 1.0 / (1L << r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double raw = alpha * M * M / sum;
        if (raw <= 2.5 * M && zeros > 0) {
            return Math.round(M * Math.log((double) M / zeros));
        }
        return Math.round(raw);
    }

    public boolean isEmpty() {
        return registers == null && size == 0;
    }

    public byte[] toBytes() {
        if (registers != null) {
            byte[] out = new byte[1 + M];
            out[0] = HLL;
            System.arraycopy(registers, 0, out, 1, M);
            return out;
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 * size);
        buffer.put(EXACT);
        for (int i = 0; i < size; i++) {
            buffer.putLong(exact[i]);
        }
        return buffer.array();
    }

    public static UserSketch fromBytes(byte[] bytes) {
        UserSketch sketch = new UserSketch();
        if (bytes == null || bytes.length == 0) {
            return sketch;
        }
        if (bytes[0] == HLL && bytes.length == 1 + M) {
            sketch.registers = Arrays.copyOfRange(bytes, 1, 1 + M);
            return sketch;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        while (buffer.remaining() >= 8) {
            sketch.add(buffer.getLong());
        }
        return sketch;
    }

    private void toRegisters() {
        registers = new byte[M];
        for (int i = 0; i < size; i++) {
            addToRegisters(exact[i]);
        }
        exact = new long[0];
        size = 0;
    }

    private void addToRegisters(long hash) {
        long mixed = mix(hash);
        int index = (int) (mixed >>> (64 - P));
        long rest = (mixed << P) | (1L << (P - 1));
        byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
        if (rank > registers[index]) {
            registers[index] = rank;
        }
    }

    /** A 64-bit finalizer (SplitMix64), so ids that are not already uniform hashes spread too. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
