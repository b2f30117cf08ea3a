package org.nself.crash.minidump;

import java.nio.charset.StandardCharsets;

/** Bounds-checked little-endian reads from a dump; a read outside it is a {@link MinidumpException}. */
record DumpBytes(byte[] data) {
    int length() {
        return data.length;
    }

    int u16(long offset) {
        return (int) read(offset, 2);
    }

    long u32(long offset) {
        return read(offset, 4);
    }

    long u64(long offset) {
        return read(offset, 8);
    }

    /** A 32-bit count or offset that must fit an int (a dump is held in one array). */
    int index(long offset) {
        long v = u32(offset);
        if (v > Integer.MAX_VALUE) {
            throw new MinidumpException("value at " + offset + " is out of range");
        }
        return (int) v;
    }

    byte[] bytes(long offset, long count) {
        check(offset, count);
        byte[] out = new byte[(int) count];
        System.arraycopy(data, (int) offset, out, 0, (int) count);
        return out;
    }

    /** An MDString: a 32-bit byte length, then UTF-16LE text (bounded by {@code maxChars}). */
    String utf16(long offset, int maxChars) {
        long bytes = u32(offset);
        if (bytes % 2 != 0 || bytes / 2 > maxChars) {
            throw new MinidumpException("string at " + offset + " has an invalid length " + bytes);
        }
        return new String(bytes(offset + 4, bytes), StandardCharsets.UTF_16LE);
    }

    void check(long offset, long count) {
        if (offset < 0 || count < 0 || offset > data.length || count > data.length - offset) {
            throw new MinidumpException(
                    "truncated minidump: " + count + " bytes at " + offset + " are past its " + data.length + " bytes");
        }
    }

    private long read(long offset, int width) {
        check(offset, width);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) (data[(int) offset + i] & 0xff) << (8 * i);
        }
        return v;
    }
}
