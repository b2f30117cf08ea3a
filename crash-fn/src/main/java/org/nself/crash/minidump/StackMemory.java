package org.nself.crash.minidump;

import java.util.OptionalLong;

/** One captured memory range: {@code length} bytes at address {@code start}, kept in the dump's array. */
public record StackMemory(long start, byte[] dump, int offset, int length) {
    static final StackMemory NONE = new StackMemory(0, new byte[0], 0, 0);

    /** The 64-bit little-endian word at {@code address}, when all eight bytes are in this range. */
    OptionalLong word(long address) {
        long rel = address - start;
        if (length < 8 || Long.compareUnsigned(address, start) < 0 || Long.compareUnsigned(rel, length - 8L) > 0) {
            return OptionalLong.empty();
        }
        long v = 0;
        int o = offset + (int) rel;
        for (int i = 0; i < 8; i++) {
            v |= (long) (dump[o + i] & 0xff) << (8 * i);
        }
        return OptionalLong.of(v);
    }
}
