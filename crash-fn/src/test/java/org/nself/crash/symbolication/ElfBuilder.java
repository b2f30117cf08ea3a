package org.nself.crash.symbolication;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small 64-bit little-endian ELF byte by byte: one PT_LOAD, a {@code .text} section at
 * 0x1000, a GNU build-id note, {@code .symtab}/{@code .strtab} and {@code .shstrtab}.
 */
final class ElfBuilder {
    static final long TEXT_ADDR = 0x1000;
    static final long TEXT_SIZE = 0x100;

    private record Sym(String name, int info, int shndx, long value, long size) {}

    private final byte[] buildId;
    private final List<Sym> symbols = new ArrayList<>();

    ElfBuilder(byte[] buildId) {
        this.buildId = buildId;
    }

    /** {@code bind} 0 local, 1 global, 2 weak; {@code type} 1 object, 2 func; section 1 is .text, 0 undefined. */
    ElfBuilder symbol(String name, int bind, int type, int shndx, long value, long size) {
        symbols.add(new Sym(name, (bind << 4) | type, shndx, value, size));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        int[] nameOffsets = new int[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            nameOffsets[i] = strtab.size();
            strtab.writeBytes(symbols.get(i).name().getBytes(StandardCharsets.UTF_8));
            strtab.write(0);
        }
        String[] sectionNames = {"", ".text", ".note.gnu.build-id", ".symtab", ".strtab", ".shstrtab"};
        ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
        int[] shName = new int[sectionNames.length];
        for (int i = 0; i < sectionNames.length; i++) {
            shName[i] = shstrtab.size();
            shstrtab.writeBytes(sectionNames[i].getBytes(StandardCharsets.US_ASCII));
            shstrtab.write(0);
        }
        int noteSize = 12 + 4 + ((buildId.length + 3) & ~3);
        int phoff = 64;
        int textOff = phoff + 56;
        int noteOff = textOff + (int) TEXT_SIZE;
        int symOff = noteOff + noteSize;
        int symSize = 24 * (symbols.size() + 1);
        int strOff = symOff + symSize;
        int shstrOff = strOff + strtab.size();
        int shoff = (shstrOff + shstrtab.size() + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 64 * sectionNames.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) 3)
                .putShort((short) 62)
                .putInt(1)
                .putLong(TEXT_ADDR)
                .putLong(phoff)
                .putLong(shoff);
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 64).putShort((short) sectionNames.length).putShort((short) 5);
        // PT_LOAD mapping the whole file at 0
        b.putInt(1)
                .putInt(5)
                .putLong(0)
                .putLong(0)
                .putLong(0)
                .putLong(shoff)
                .putLong(shoff)
                .putLong(0x1000);
        b.position(noteOff);
        b.putInt(4)
                .putInt(buildId.length)
                .putInt(3)
                .put("GNU\0".getBytes(StandardCharsets.US_ASCII))
                .put(buildId);
        b.position(symOff + 24);
        for (int i = 0; i < symbols.size(); i++) {
            Sym s = symbols.get(i);
            b.putInt(nameOffsets[i]).put((byte) s.info()).put((byte) 0).putShort((short) s.shndx());
            b.putLong(s.value()).putLong(s.size());
        }
        b.position(strOff);
        b.put(strtab.toByteArray()).put(shstrtab.toByteArray());
        b.position(shoff + 64);
        section(b, shName[1], 1, TEXT_ADDR, textOff, TEXT_SIZE, 0, 0);
        section(b, shName[2], 7, 0, noteOff, noteSize, 0, 0);
        section(b, shName[3], 2, 0, symOff, symSize, 4, 24);
        section(b, shName[4], 3, 0, strOff, strtab.size(), 0, 0);
        section(b, shName[5], 3, 0, shstrOff, shstrtab.size(), 0, 0);
        return b.array();
    }

    private static void section(
            ByteBuffer b, int name, int type, long addr, long offset, long size, int link, long entsize) {
        b.putInt(name)
                .putInt(type)
                .putLong(type == 1 ? 6 : 0)
                .putLong(addr)
                .putLong(offset)
                .putLong(size);
        b.putInt(link).putInt(0).putLong(1).putLong(entsize);
    }
}
