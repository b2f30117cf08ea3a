package org.nself.anomaly.algorithm;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Writes an algorithm's state as a compact binary blob (stored in the detector row). */
public final class StateOut {
    private ByteBuffer out = ByteBuffer.allocate(256); // big-endian, as StateIn reads

    public StateOut writeInt(int v) {
        room(Integer.BYTES).putInt(v);
        return this;
    }

    public StateOut writeLong(long v) {
        room(Long.BYTES).putLong(v);
        return this;
    }

    public StateOut writeDouble(double v) {
        return writeLong(Double.doubleToLongBits(v)); // one NaN, as DataOutputStream wrote it
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
        room(values.length).put(values);
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(out.array(), out.position());
    }

    private ByteBuffer room(int bytes) {
        if (out.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + bytes));
            out = larger.put(out.flip());
        }
        return out;
    }
}
