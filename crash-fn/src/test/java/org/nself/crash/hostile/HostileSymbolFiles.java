package org.nself.crash.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The hostile symbol files of the hostile-input suite, written here until the symbol-parser work
 * (issue 11 item 5) brings its own generators: an ELF whose section headers all point at one big
 * symbol table, a Breakpad file of a given size, and a ProGuard mapping with the 26 KB comment line on
 * which the source-file pattern backtracks.
 */
final class HostileSymbolFiles {
    private HostileSymbolFiles() {}

    /**
     * A 64-bit little-endian ELF with one {@code .symtab} of {@code symbols} function symbols and
     * {@code headers} more section headers of type SYMTAB that all point at that same table: a parser
     * that reads every SYMTAB section reads the table {@code headers} times (quadratic in the file).
     */
    static byte[] amplifyingElf(byte[] buildId, int symbols, int headers) {
        long textAddr = 0x1000;
        long textSize = (long) symbols * 16;
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        int[] names = new int[symbols];
        for (int i = 0; i < symbols; i++) {
            names[i] = strtab.size();
            strtab.writeBytes(("f" + i).getBytes(StandardCharsets.US_ASCII));
            strtab.write(0);
        }
        byte[] shstrtab =
                "\0.text\0.note.gnu.build-id\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        int noteSize = 16 + ((buildId.length + 3) & ~3);
        int phoff = 64;
        int noteOff = phoff + 56;
        int symOff = (noteOff + noteSize + 7) & ~7;
        int symSize = 24 * (symbols + 1);
        int strOff = symOff + symSize;
        int shstrOff = strOff + strtab.size();
        int shoff = (shstrOff + shstrtab.length + 7) & ~7;
        int sections = 6 + headers;
        if (sections >= 0xff00) {
            throw new IllegalArgumentException("too many section headers for e_shnum");
        }
        ByteBuffer b = ByteBuffer.allocate(shoff + 64 * sections).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) 3)
                .putShort((short) 62)
                .putInt(1)
                .putLong(textAddr)
                .putLong(phoff)
                .putLong(shoff);
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 64).putShort((short) sections).putShort((short) 5);
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
        for (int i = 0; i < symbols; i++) {
            b.putInt(names[i]).put((byte) ((1 << 4) | 2)).put((byte) 0).putShort((short) 1);
            b.putLong(textAddr + 16L * i).putLong(16);
        }
        b.position(strOff);
        b.put(strtab.toByteArray()).put(shstrtab);
        b.position(shoff + 64);
        section(b, 1, 1, textAddr, 0, textSize, 0, 0);
        section(b, 7, 7, 0, noteOff, noteSize, 0, 0);
        section(b, 26, 2, 0, symOff, symSize, 4, 24);
        section(b, 34, 3, 0, strOff, strtab.size(), 0, 0);
        section(b, 42, 3, 0, shstrOff, shstrtab.length, 0, 0);
        for (int i = 0; i < headers; i++) {
            section(b, 26, 2, 0, symOff, symSize, 4, 24);
        }
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

    /**
     * A valid Breakpad {@code .sym} file of about {@code bytes} bytes: one MODULE line, then FUNC records
     * with a line record each, at increasing addresses.
     */
    static byte[] breakpad(UUID debugId, String moduleName, long bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes + 4096);
        out.writeBytes(
                ("MODULE Linux x86_64 " + debugId.toString().replace("-", "").toUpperCase() + "0 " + moduleName
                                + "\nFILE 0 src/hostile.c\n")
                        .getBytes(StandardCharsets.US_ASCII));
        long addr = 0x1000;
        for (int i = 0; out.size() < bytes; i++) {
            out.writeBytes(("FUNC " + Long.toHexString(addr) + " 10 0 hostile_function_number_" + i + "\n"
                            + Long.toHexString(addr) + " 10 " + (i % 100000 + 1) + " 0\n")
                    .getBytes(StandardCharsets.US_ASCII));
            addr += 0x10;
        }
        return out.toByteArray();
    }

    /**
     * The 26 KB comment line of issue 11: {@code # {} then {@code "id":"sourceFile","fileName":"a",}
     * repeated, never closed, on which a pattern {@code #\s*\{.*"id"…"sourceFile".*"fileName"…".*\}}
     * backtracks over every pair of occurrences.
     */
    static String proguardCommentLine() {
        StringBuilder sb = new StringBuilder("# {");
        String unit = "\"id\":\"sourceFile\",\"fileName\":\"a\",";
        while (sb.length() + unit.length() <= 26 * 1024) {
            sb.append(unit);
        }
        return sb.toString();
    }

    /** A small valid mapping with {@code lines} copies of {@link #proguardCommentLine()} inside a class. */
    static byte[] proguardMapping(int lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("# {\"id\":\"com.android.tools.r8.mapping\",\"version\":\"2.2\"}\n");
        sb.append("com.example.hostile.Main -> a.a:\n");
        String comment = proguardCommentLine();
        for (int i = 0; i < lines; i++) {
            sb.append(comment).append('\n');
        }
        sb.append("    1:3:void run():20:22 -> a\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
