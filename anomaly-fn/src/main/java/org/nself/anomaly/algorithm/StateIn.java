package org.nself.anomaly.algorithm;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/** Reads what {@link StateOut} wrote; a truncated or foreign blob is a {@link CorruptState}. */
public final class StateIn {
    private static final int MAX_ARRAY = 10_000_000;
    private final DataInputStream in;

    public StateIn(byte[] bytes) {
        this.in = new DataInputStream(new ByteArrayInputStream(bytes));
    }

    public int readInt() {
        try {
            return in.readInt();
        } catch (IOException e) {
            throw new CorruptState(e);
        }
    }

    public long readLong() {
        try {
            return in.readLong();
        } catch (IOException e) {
            throw new CorruptState(e);
        }
    }

    public double readDouble() {
        try {
            return in.readDouble();
        } catch (IOException e) {
            throw new CorruptState(e);
        }
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
        try {
            in.readFully(values);
        } catch (IOException e) {
            throw new CorruptState(e);
        }
        return values;
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
        CorruptState(IOException cause) {
            super("model state is unreadable: " + cause.getMessage(), cause);
        }
    }
}
