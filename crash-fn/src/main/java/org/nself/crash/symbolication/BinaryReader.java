package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;

/** Bounds-checked reads of little- or big-endian integers from a byte array; a read past the end is a {@link SymbolFileException}. */
final class BinaryReader {
    private final byte[] data;
    private final boolean littleEndian;
    private final String what;

    BinaryReader(byte[] data, boolean littleEndian, String what) {
        this.data = data;
        this.littleEndian = littleEndian;
        this.what = what;
    }

    int length() {
        return data.length;
    }

    boolean littleEndian() {
        return littleEndian;
    }

    int u8(long offset) {
        check(offset, 1);
        return data[(int) offset] & 0xff;
    }

    int u16(long offset) {
        check(offset, 2);
        int o = (int) offset;
        int a = data[o] & 0xff;
        int b = data[o + 1] & 0xff;
        return littleEndian ? a | (b << 8) : (a << 8) | b;
    }

    long u32(long offset) {
        check(offset, 4);
        int o = (int) offset;
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            v |= (long) (data[o + i] & 0xff) << shift;
        }
        return v;
    }

    long u64(long offset) {
        check(offset, 8);
        int o = (int) offset;
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = littleEndian ? 8 * i : 8 * (7 - i);
            v |= (long) (data[o + i] & 0xff) << shift;
        }
        return v;
    }

    /** A 32- or 64-bit word. */
    long word(long offset, boolean is64) {
        return is64 ? u64(offset) : u32(offset);
    }

    byte[] bytes(long offset, long count) {
        check(offset, count);
        byte[] out = new byte[(int) count];
        System.arraycopy(data, (int) offset, out, 0, (int) count);
        return out;
    }

    /** A NUL-terminated string starting at {@code offset}, not reading past {@code limit}. */
    String cString(long offset, long limit) {
        long end = Math.min(limit, data.length);
        if (offset < 0 || offset >= end) {
            throw new SymbolFileException(what + ": string offset out of range");
        }
        int o = (int) offset;
        int i = o;
        while (i < end && data[i] != 0) {
            i++;
        }
        return new String(data, o, i - o, StandardCharsets.UTF_8);
    }

    /** A fixed-size, NUL-padded name (Mach-O segment and section names). */
    String fixedString(long offset, int size) {
        byte[] raw = bytes(offset, size);
        int n = 0;
        while (n < size && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }

    void check(long offset, long count) {
        if (offset < 0 || count < 0 || offset > data.length || count > data.length - offset) {
            throw new SymbolFileException(what + " is truncated or malformed (read of " + count + " bytes at " + offset
                    + " past its " + data.length + " bytes)");
        }
    }
}
