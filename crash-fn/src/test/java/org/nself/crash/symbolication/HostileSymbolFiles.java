package org.nself.crash.symbolication;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Crafted hostile symbol files, for the parser tests here and for the hostile-input suite: each is small
 * (or exactly as large as asked) and would make a naive parser do far more work than its size. Every
 * method is deterministic. The expected answer for each at {@code POST /api/v1/dsyms} is a 4xx (or, for
 * the ones that are valid files, bounded work: see the tests in this package).
 */
public final class HostileSymbolFiles {
    /** The build-id the crafted ELF files carry (debug id {@code 20119bc8-647f-6079-3b0d-49bf291c092c}). */
    public static final byte[] BUILD_ID = HexFormat.of().parseHex("c89b11207f6479603b0d49bf291c092c2b719293");

    private static final int SHT_PROGBITS = 1;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_NOTE = 7;

    private HostileSymbolFiles() {}

    /** {@link #amplifyingElf(int, int)} with 10,000 symbols named by 1,000 section headers (~300 KB). */
    public static byte[] amplifyingElf() {
        return amplifyingElf(10_000, 1_000);
    }

    /**
     * An ELF whose {@code headers} section headers all describe the same {@code .symtab} of {@code symbols}
     * functions: a parser reading every symbol table reads it {@code headers} times (10 million symbols
     * from the default ~300 KB file).
     */
    public static byte[] amplifyingElf(int symbols, int headers) {
        StringBuilder names = new StringBuilder("\0");
        int[] nameOffsets = new int[symbols];
        for (int i = 0; i < symbols; i++) {
            nameOffsets[i] = names.length();
            names.append("function_").append(i).append('\0');
        }
        byte[] strtab = names.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer symtab = le(24 * (symbols + 1));
        symtab.position(24);
        for (int i = 0; i < symbols; i++) {
            symtab.putInt(nameOffsets[i]).put((byte) 0x12).put((byte) 0).putShort((short) 1);
            symtab.putLong(0x1000 + 16L * i).putLong(16);
        }
        Section[] sections = new Section[5 + headers];
        sections[0] = new Section(0, 0, 0, null, 0, 0);
        sections[1] = new Section(1, SHT_PROGBITS, 0x1000, null, 0, 0).withSize(16L * symbols);
        sections[2] = new Section(0, SHT_NOTE, 0, buildIdNote(), 0, 0);
        sections[3] = new Section(0, SHT_STRTAB, 0, strtab, 0, 0);
        sections[4] = new Section(0, SHT_STRTAB, 0, "\0.text\0".getBytes(StandardCharsets.US_ASCII), 0, 0);
        Section table = new Section(0, SHT_SYMTAB, 0, symtab.array(), 3, 24);
        for (int i = 0; i < headers; i++) {
            sections[5 + i] = table; // the same bytes, once in the file, named again and again
        }
        return elf(sections, 4);
    }

    /**
     * An ELF without a build-id whose {@code headers} SHT_NOTE headers all cover the same {@code noteBytes}
     * of empty notes: a parser looking for the build-id in each scans them all {@code headers} times.
     */
    public static byte[] elfWithOverlappingNotes(int headers, int noteBytes) {
        ByteBuffer notes = le(noteBytes / 12 * 12);
        while (notes.remaining() >= 12) {
            notes.putInt(0).putInt(0).putInt(1); // an empty note of another type
        }
        Section[] sections = new Section[2 + headers];
        sections[0] = new Section(0, 0, 0, null, 0, 0);
        sections[1] = new Section(0, SHT_STRTAB, 0, "\0.text\0".getBytes(StandardCharsets.US_ASCII), 0, 0);
        Section note = new Section(0, SHT_NOTE, 0, notes.array(), 0, 0);
        for (int i = 0; i < headers; i++) {
            sections[2 + i] = note;
        }
        return elf(sections, 1);
    }

    /**
     * An ELF whose {@code symbols} functions all name the start of one {@code nameBytes} string with no
     * NUL: a parser reading names to their NUL reads {@code symbols × nameBytes} bytes and keeps as many.
     */
    public static byte[] elfWithUnterminatedNames(int symbols, int nameBytes) {
        byte[] strtab = new byte[nameBytes + 1];
        Arrays.fill(strtab, 1, strtab.length, (byte) 'a');
        ByteBuffer symtab = le(24 * (symbols + 1));
        symtab.position(24);
        for (int i = 0; i < symbols; i++) {
            symtab.putInt(1).put((byte) 0x12).put((byte) 0).putShort((short) 1);
            symtab.putLong(0x1000 + 16L * i).putLong(16);
        }
        Section[] sections = {
            new Section(0, 0, 0, null, 0, 0),
            new Section(1, SHT_PROGBITS, 0x1000, null, 0, 0).withSize(16L * symbols),
            new Section(0, SHT_NOTE, 0, buildIdNote(), 0, 0),
            new Section(0, SHT_STRTAB, 0, strtab, 0, 0),
            new Section(0, SHT_STRTAB, 0, "\0.text\0".getBytes(StandardCharsets.US_ASCII), 0, 0),
            new Section(0, SHT_SYMTAB, 0, symtab.array(), 3, 24)
        };
        return elf(sections, 4);
    }

    /**
     * A valid Breakpad file of exactly {@code sizeBytes} (at least 4 KiB): FUNC records of 64 line records
     * each, every 1024th FUNC spanning the whole address space (size {@code ffffffffffffffff}, so it
     * overlaps every later one), PUBLIC and STACK CFI records between, padded with STACK CFI lines.
     */
    public static byte[] breakpad(long sizeBytes) {
        if (sizeBytes < 4096 || sizeBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("sizeBytes must be between 4 KiB and 2 GiB");
        }
        int size = (int) sizeBytes;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        ascii(out, "MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libhostile.so\n");
        ascii(out, "FILE 0 src/hostile.c\n");
        String padding = "STACK CFI 1 .cfa: $rsp 16 +\n";
        long address = 0x1000;
        for (int f = 0; out.size() + 4096 < size; f++) {
            String funcSize = f % 1024 == 0 ? "ffffffffffffffff" : Long.toHexString(64 * 4);
            ascii(out, "FUNC " + Long.toHexString(address) + " " + funcSize + " 0 function_" + f + "\n");
            for (int l = 0; l < 64; l++) {
                ascii(out, Long.toHexString(address + 4L * l) + " 4 " + (l + 1) + " 0\n");
            }
            if (f % 16 == 0) {
                ascii(out, "PUBLIC " + Long.toHexString(address + 0x100) + " 0 public_" + f + "\n");
                ascii(out, "STACK CFI INIT " + Long.toHexString(address) + " 100 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n");
            }
            address += 0x200;
        }
        while (out.size() + padding.length() <= size) {
            ascii(out, padding);
        }
        byte[] tail = new byte[size - out.size()];
        Arrays.fill(tail, (byte) '\n'); // blank lines
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /**
     * A Breakpad file with one FUNC at 0 of size {@code ffffffffffffffff} and {@code funcs} small disjoint
     * FUNCs at {@code 0x20 × i} of size 0x10: an address in a gap ({@code 0x20 × i + 0x18}) belongs to
     * the huge one, and a lookup scanning back over candidate FUNCs visits {@code i} of them.
     */
    public static byte[] breakpadOverlappingFuncs(int funcs) {
        StringBuilder s = new StringBuilder("MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libhostile.so\n");
        s.append("FUNC 0 ffffffffffffffff 0 everything\n");
        for (int i = 1; i <= funcs; i++) {
            s.append("FUNC ")
                    .append(Long.toHexString(0x20L * i))
                    .append(" 10 0 f")
                    .append(i)
                    .append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A Breakpad file with one FUNC holding {@code records} INLINE records at level 0 with disjoint ranges:
     * a lookup scanning the FUNC's inlines visits all of them.
     */
    public static byte[] breakpadManyInlines(int records) {
        StringBuilder s = new StringBuilder("MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libhostile.so\n");
        s.append("FILE 0 a.c\nINLINE_ORIGIN 0 inlined\n");
        s.append("FUNC 0 ").append(Long.toHexString(0x10L * records)).append(" 0 outer\n");
        for (int i = 0; i < records; i++) {
            s.append("INLINE 0 1 0 0 ").append(Long.toHexString(0x10L * i)).append(" 8\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A Breakpad file with one INLINE record at {@code level} (a chain that deep has that many frames). */
    public static byte[] breakpadDeepInline(int level) {
        return ("MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libhostile.so\n"
                        + "FILE 0 a.c\nINLINE_ORIGIN 0 inlined\nFUNC 0 100 0 outer\nINLINE "
                        + level + " 1 0 0 0 10\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A ProGuard mapping with one comment line of about {@code length} characters, {@code # {} followed by
     * repeated {@code "id":"sourceFile","fileName":"a",} and no closing brace: the backtracking sourceFile
     * pattern this replaces needed about two minutes for 26,000 characters.
     */
    public static byte[] proguardCommentLine(int length) {
        String unit = "\"id\":\"sourceFile\",\"fileName\":\"a\",";
        StringBuilder s = new StringBuilder("com.example.Hostile -> a.a:\n# {");
        while (s.length() < length) {
            s.append(unit);
        }
        s.append("\n    void run():1 -> a\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A ProGuard mapping with one member line of about {@code length} characters that almost matches the
     * method pattern: a long run of {@code 1:} pairs and spaces before a name that never closes.
     */
    public static byte[] proguardMethodLine(int length) {
        StringBuilder s = new StringBuilder("com.example.Hostile -> a.a:\n    ");
        while (s.length() < length) {
            s.append("1:1:x y(");
        }
        s.append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fat Mach-O whose {@code slices} (at most 20) architecture entries all point at the same slice. */
    public static byte[] overlappingFatMachO(int slices) {
        byte[] thin = MachOBuilder.arm64(UUID.fromString("6a0e1fa9-9b5c-3b26-b3d2-d8f0d9e7c4a1"))
                .withSampleSymbols()
                .build();
        int offset = 4096;
        ByteBuffer b = ByteBuffer.allocate(offset + thin.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xcafebabe).putInt(slices);
        for (int i = 0; i < slices; i++) {
            b.putInt(0x0100000c).putInt(0).putInt(offset).putInt(thin.length).putInt(12);
        }
        b.position(offset);
        b.put(thin);
        return b.array();
    }

    /**
     * A thin Mach-O whose {@code symbols} functions all name the start of one string table with no NUL of
     * about {@code nameBytes}: as {@link #elfWithUnterminatedNames} for {@code LC_SYMTAB}.
     */
    public static byte[] machOWithUnterminatedNames(int symbols, int nameBytes) {
        MachOBuilder builder = MachOBuilder.arm64(UUID.fromString("6a0e1fa9-9b5c-3b26-b3d2-d8f0d9e7c4a1"));
        String name = "a".repeat(Math.max(1, nameBytes / symbols));
        for (int i = 0; i < symbols; i++) {
            builder.symbol(name, 0x0f, 1, MachOBuilder.TEXT_SECTION + i % MachOBuilder.TEXT_SECTION_SIZE);
        }
        byte[] file = builder.build();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int symtabCommand = 32 + 72 + 80 + 24; // header, __TEXT with one section, LC_UUID
        int symoff = b.getInt(symtabCommand + 8);
        int stroff = b.getInt(symtabCommand + 16);
        for (int i = 0; i < symbols; i++) {
            b.putInt(symoff + 16 * i, 2); // every name starts at the first name
        }
        for (int i = stroff + 2; i < file.length; i++) {
            if (file[i] == 0) {
                file[i] = 'a'; // and runs on to the table's end
            }
        }
        return file;
    }

    private static byte[] buildIdNote() {
        ByteBuffer note = le(16 + BUILD_ID.length);
        note.putInt(4).putInt(BUILD_ID.length).putInt(3).put("GNU\0".getBytes(StandardCharsets.US_ASCII));
        note.put(BUILD_ID);
        return note.array();
    }

    /** One section header; {@code content} null for a section without file bytes. */
    private record Section(int name, int type, long addr, byte[] content, int link, long entsize, long size) {
        Section(int name, int type, long addr, byte[] content, int link, long entsize) {
            this(name, type, addr, content, link, entsize, content == null ? 0 : content.length);
        }

        Section withSize(long newSize) {
            return new Section(name, type, addr, content, link, entsize, newSize);
        }
    }

    /** A 64-bit little-endian x86_64 ELF with these sections; identical sections share their bytes. */
    private static byte[] elf(Section[] sections, int shstrndx) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        java.util.IdentityHashMap<Section, Long> offsets = new java.util.IdentityHashMap<>();
        for (Section s : sections) {
            if (s.content() != null && !offsets.containsKey(s)) {
                while (body.size() % 8 != 0) {
                    body.write(0);
                }
                offsets.put(s, (long) body.size());
                body.writeBytes(s.content());
            }
        }
        while (body.size() % 8 != 0) {
            body.write(0);
        }
        long shoff = body.size();
        ByteBuffer file = le((int) shoff + 64 * sections.length);
        file.put(body.toByteArray());
        file.position(0);
        file.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        file.putShort((short) 3)
                .putShort((short) 62)
                .putInt(1)
                .putLong(0x1000)
                .putLong(0)
                .putLong(shoff);
        file.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 0);
        file.putShort((short) 64).putShort((short) sections.length).putShort((short) shstrndx);
        file.position((int) shoff);
        for (Section s : sections) {
            long offset = s.content() == null ? 0 : offsets.get(s);
            file.putInt(s.name()).putInt(s.type()).putLong(s.type() == SHT_PROGBITS ? 6 : 0);
            file.putLong(s.addr()).putLong(offset).putLong(s.size());
            file.putInt(s.link()).putInt(0).putLong(1).putLong(s.entsize());
        }
        return file.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
