package org.nself.anomaly.algorithm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads what {@link StateOut} wrote; a truncated or foreign blob is a {@link CorruptState}. */
public final class StateIn {
    private static final int MAX_ARRAY = 10_000_000;
    private final ByteBuffer in;

    public StateIn(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes); // big-endian, as StateOut writes
    }

    public int readInt() {
        return need(Integer.BYTES).getInt();
    }

    public long readLong() {
        return need(Long.BYTES).getLong();
    }

    public double readDouble() {
        return need(Double.BYTES).getDouble();
    }

    /** Whether everything has been read (a state written by an older version may end early). */
    public boolean atEnd() {
        return !in.hasRemaining();
    }

    public boolean readBoolean() {
        return readInt() != 0;
    }

    public double[] readDoubles() {
        int n = length();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = readDouble();
        }
        return values;
    }

    /**
     * Reads an array into {@code into}, whose length the parameters fix: a stored array of another
     * length means they changed since it was written ("{@code what} changed").
     */
    void readDoubles(double[] into, String what) {
        double[] values = readDoubles();
        if (values.length != into.length) {
            throw new CorruptState(new IOException(what + " changed"));
        }
        System.arraycopy(values, 0, into, 0, values.length);
    }

    public long[] readLongs() {
        int n = length();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = readLong();
        }
        return values;
    }

    public byte[] readBytes() {
        int n = length();
        byte[] values = new byte[n];
        need(n).get(values);
        return values;
    }

    private ByteBuffer need(int bytes) {
        if (in.remaining() < bytes) {
            throw new CorruptState(new EOFException("truncated"));
        }
        return in;
    }

    private int length() {
        int n = readInt();
        if (n < 0 || n > MAX_ARRAY) {
            throw new CorruptState(new IOException("bad array length " + n));
        }
        return n;
    }

    /** The stored state cannot be read; the detector retrains from its stored points. */
    public static final class CorruptState extends RuntimeException {
        public CorruptState(IOException cause) {
            super("model state is unreadable: " + cause.getMessage(), cause);
        }
    }
}
