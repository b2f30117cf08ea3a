package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of little- or big-endian integers from a byte array (or a range of one: a fat
 * Mach-O slice is read in place, not copied); a read past the end is a {@link SymbolFileException}.
 *
 * <p>String reads are budgeted: every byte a {@link #cString} scan examines counts, and past {@link
 * #STRING_BYTES_PER_FILE_BYTE} times the file's length the file is refused. A valid symbol table names
 * each function once, so its names fit in the file; a hostile one pointing thousands of symbols at
 * one long unterminated string would otherwise cost symbols × string length.
 */
final class BinaryReader {
    /** How many string bytes a file may make the reader scan, per byte of the file. */
    static final int STRING_BYTES_PER_FILE_BYTE = 4;

    private final byte[] data;
    private final int base;
    private final int length;
    private final boolean littleEndian;
    private final String what;
    private long stringBytes;

    BinaryReader(byte[] data, boolean littleEndian, String what) {
        this(data, 0, data.length, littleEndian, what);
    }

    private BinaryReader(byte[] data, int base, int length, boolean littleEndian, String what) {
        this.data = data;
        this.base = base;
        this.length = length;
        this.littleEndian = littleEndian;
        this.what = what;
    }

    int length() {
        return length;
    }

    /** The bytes {@code [offset, offset + count)} as a reader of their own, without copying. */
    BinaryReader range(long offset, long count, boolean littleEndian) {
        check(offset, count);
        return new BinaryReader(data, base + (int) offset, (int) count, littleEndian, what);
    }

    /** The same bytes read with another byte order (the string budget is not shared). */
    BinaryReader withOrder(boolean littleEndian) {
        return new BinaryReader(data, base, length, littleEndian, what);
    }

    /** The string bytes scanned so far. */
    long stringBytesScanned() {
        return stringBytes;
    }

    int u8(long offset) {
        check(offset, 1);
        return data[base + (int) offset] & 0xff;
    }

    int u16(long offset) {
        return (int) unsigned(offset, 2);
    }

    long u32(long offset) {
        return unsigned(offset, 4);
    }

    long u64(long offset) {
        return unsigned(offset, 8);
    }

    /** The unsigned integer of {@code width} bytes at {@code offset}, in this reader's byte order. */
    private long unsigned(long offset, int width) {
        check(offset, width);
        int o = base + (int) offset;
        long v = 0;
        for (int i = 0; i < width; i++) {
            int shift = littleEndian ? 8 * i : 8 * (width - 1 - i);
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
        System.arraycopy(data, base + (int) offset, out, 0, (int) count);
        return out;
    }

    /** Whether the bytes at {@code offset} are {@code expected}, each byte compared at most once. */
    boolean startsWith(long offset, long limit, byte[] expected) {
        long end = Math.min(limit, length);
        if (offset < 0 || offset > end || expected.length > end - offset) {
            return false;
        }
        int o = base + (int) offset;
        for (int i = 0; i < expected.length; i++) {
            if (data[o + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-terminated string starting at {@code offset}, not reading past {@code limit}. */
    String cString(long offset, long limit) {
        long end = Math.min(limit, length);
        if (offset < 0 || offset >= end) {
            throw new SymbolFileException(what + ": string offset out of range");
        }
        int o = base + (int) offset;
        int stop = base + (int) end;
        int i = o;
        while (i < stop && data[i] != 0) {
            i++;
        }
        stringBytes += i - o + 1;
        if (stringBytes > (long) STRING_BYTES_PER_FILE_BYTE * length + 4096) {
            throw new SymbolFileException(what + " makes its symbols read more string bytes than "
                    + STRING_BYTES_PER_FILE_BYTE + " times its size (overlapping or unterminated names)");
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
        if (offset < 0 || count < 0 || offset > length || count > length - offset) {
            throw new SymbolFileException(what + " is truncated or malformed (read of " + count + " bytes at " + offset
                    + " past its " + length + " bytes)");
        }
    }
}
