package org.nself.anomaly.algorithm;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes an algorithm's state as a compact binary blob (stored in the detector row). */
public final class StateOut {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    public StateOut writeInt(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public StateOut writeLong(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public StateOut writeDouble(double v) {
        try {
            out.writeDouble(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public StateOut writeBoolean(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    public StateOut writeDoubles(double[] values) {
        writeInt(values.length);
        for (double v : values) {
            writeDouble(v);
        }
        return this;
    }

    public StateOut writeLongs(long[] values, int count) {
        writeInt(count);
        for (int i = 0; i < count; i++) {
            writeLong(values[i]);
        }
        return this;
    }

    public StateOut writeBytes(byte[] values) {
        writeInt(values.length);
        try {
            out.write(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
