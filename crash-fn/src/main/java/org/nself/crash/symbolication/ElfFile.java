package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.List;

/**
 * An ELF object: its function symbols ({@code .symtab}, else {@code .dynsym}), its GNU build-id (the
 * code id) and the debug id Sentry derives from it (null only for a file with neither a build-id nor a
 * {@code .text} section). Addresses are the file's virtual addresses; {@code loadAddress} is the address
 * the file's first byte maps to. {@code bytesRead} counts the bytes the parse examined (headers, the
 * symbol table, notes and strings): at most a small multiple of the file's size whatever its headers
 * say (the hostile-input tests check it).
 */
record ElfFile(
        String arch,
        boolean littleEndian,
        byte[] buildId,
        DebugId debugId,
        long loadAddress,
        AddressSymbols symbols,
        long bytesRead) {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_NOTE = 7;
    private static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int EM_ARM = 40;
    /** Note bytes scanned for the build-id, per file byte: PT_NOTE segments and SHT_NOTE sections cover the same notes. */
    private static final int NOTE_BYTES_PER_FILE_BYTE = 2;

    private static final byte[] GNU = {'G', 'N', 'U', 0};
    private static final byte[] TEXT = {'.', 't', 'e', 'x', 't', 0};

    public static boolean looksLikeElf(byte[] content) {
        return content.length >= 4 && content[0] == 0x7f && content[1] == 'E' && content[2] == 'L' && content[3] == 'F';
    }

    public static ElfFile parse(byte[] content) {
        return parse(content, Long.MAX_VALUE);
    }

    /** As above; stops with {@link SymbolTableTooLarge} once the table being read passes {@code maxTableBytes}. */
    public static ElfFile parse(byte[] content, long maxTableBytes) {
        if (!looksLikeElf(content) || content.length < 52) {
            throw new SymbolFileException("not an ELF file");
        }
        int elfClass = content[4];
        int data = content[5];
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
            throw new SymbolFileException("ELF file has an unknown class or byte order");
        }
        boolean is64 = elfClass == 2;
        boolean le = data == 1;
        BinaryReader r = new BinaryReader(content, le, "ELF file");
        int machine = r.u16(18);
        long phoff = r.word(is64 ? 32 : 28, is64);
        long shoff = r.word(is64 ? 40 : 32, is64);
        int phentsize = r.u16(is64 ? 54 : 42);
        int phnum = r.u16(is64 ? 56 : 44);
        int shentsize = r.u16(is64 ? 58 : 46);
        int shnum = r.u16(is64 ? 60 : 48);
        int shstrndx = r.u16(is64 ? 62 : 50);
        if (shnum > 0 && shentsize < (is64 ? 64 : 40)) {
            throw new SymbolFileException("ELF file has an invalid section header size");
        }
        if (phnum > 0 && phentsize < (is64 ? 56 : 32)) {
            throw new SymbolFileException("ELF file has an invalid program header size");
        }
        // both header tables lie inside the file (checked once, not per entry)
        if (shnum > 0) {
            r.check(shoff, (long) shnum * shentsize);
        }
        if (phnum > 0) {
            r.check(phoff, (long) phnum * phentsize);
        }
        Work work = new Work(r.length());
        work.add((long) shnum * shentsize + (long) phnum * phentsize);

        List<Section> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            long h = shoff + (long) i * shentsize;
            sections.add(new Section(
                    r.u32(h),
                    (int) r.u32(h + 4),
                    r.word(h + (is64 ? 16 : 12), is64),
                    r.word(h + (is64 ? 24 : 16), is64),
                    r.word(h + (is64 ? 32 : 20), is64),
                    (int) r.u32(h + (is64 ? 40 : 24)),
                    r.word(h + (is64 ? 56 : 36), is64)));
        }

        byte[] buildId = null;
        long loadAddress = -1;
        for (int i = 0; i < phnum; i++) {
            long h = phoff + (long) i * phentsize;
            long type = r.u32(h);
            long offset = r.word(h + (is64 ? 8 : 4), is64);
            long vaddr = r.word(h + (is64 ? 16 : 8), is64);
            long filesz = r.word(h + (is64 ? 32 : 16), is64);
            if (type == PT_LOAD && loadAddress < 0) {
                loadAddress = vaddr - offset;
            }
            if (type == PT_NOTE && buildId == null) {
                buildId = buildIdNote(r, offset, filesz, work);
            }
        }
        for (Section s : sections) {
            if (s.type == SHT_NOTE && buildId == null) {
                buildId = buildIdNote(r, s.offset, s.size, work);
            }
        }

        // a valid ELF has at most one of each: more is the section-header amplification (many headers naming
        // the same large table, each read in full), refused rather than read again and again
        long symtabs = sections.stream().filter(s -> s.type == SHT_SYMTAB).count();
        long dynsyms = sections.stream().filter(s -> s.type == SHT_DYNSYM).count();
        if (symtabs > 1 || dynsyms > 1) {
            throw new SymbolFileException("ELF file has " + symtabs + " .symtab and " + dynsyms
                    + " .dynsym sections; a valid file has at most one of each");
        }
        AddressSymbols.Builder functions = new AddressSymbols.Builder(maxTableBytes);
        for (Section s : sections) {
            if (s.type == (symtabs == 1 ? SHT_SYMTAB : SHT_DYNSYM)) {
                readSymbols(r, is64, machine, sections, s, functions);
                work.add(s.size);
            }
        }

        DebugId debugId;
        if (buildId != null && buildId.length > 0) {
            debugId = DebugId.fromElfIdentifier(buildId, le);
        } else {
            byte[] textPage = textFirstPage(r, sections, shstrndx);
            debugId = textPage == null ? null : DebugId.fromElfIdentifier(xorHash(textPage), le);
        }
        work.add(r.stringBytesScanned());
        return new ElfFile(
                arch(machine, is64), le, buildId, debugId, Math.max(loadAddress, 0), functions.build(), work.bytes);
    }

    /** The GNU build-id as lower-case hex (Sentry's ELF code id); null when the file has none. */
    public String codeId() {
        return buildId == null ? null : DebugId.hex(buildId);
    }

    /** The table a symbolicator looks addresses up in, keyed by module offset. */
    public NativeSymbols nativeSymbols() {
        return new OffsetSymbols(symbols, loadAddress);
    }

    private static void readSymbols(
            BinaryReader r,
            boolean is64,
            int machine,
            List<Section> sections,
            Section table,
            AddressSymbols.Builder out) {
        if (table.link < 0 || table.link >= sections.size()) {
            throw new SymbolFileException("ELF symbol table links to a missing string table");
        }
        Section strings = sections.get(table.link);
        r.check(strings.offset, strings.size);
        r.check(table.offset, table.size);
        int entsize = (int) (table.entsize == 0 ? (is64 ? 24 : 16) : table.entsize);
        if (entsize < (is64 ? 24 : 16)) {
            throw new SymbolFileException("ELF symbol table has an invalid entry size");
        }
        long count = table.size / entsize;
        boolean dynamic = table.type == SHT_DYNSYM;
        for (long i = 1; i < count; i++) {
            long e = table.offset + i * entsize;
            long nameOffset = r.u32(e);
            int info = r.u8(e + (is64 ? 4 : 12));
            int shndx = r.u16(e + (is64 ? 6 : 14));
            long value = r.word(e + (is64 ? 8 : 4), is64);
            long size = r.word(e + (is64 ? 16 : 8), is64);
            int type = info & 0xf;
            int binding = info >> 4;
            if ((type != STT_FUNC && type != STT_GNU_IFUNC) || shndx == 0 || shndx >= 0xff00 || value == 0) {
                continue;
            }
            if (nameOffset >= strings.size) {
                continue;
            }
            String name = r.cString(strings.offset + nameOffset, strings.offset + strings.size);
            if (name.isEmpty()) {
                continue;
            }
            if (machine == EM_ARM) {
                value &= ~1L;
            }
            long limit = shndx < sections.size() ? sections.get(shndx).addr + sections.get(shndx).size : 0;
            int rank = (binding == 1 ? 0 : binding == 2 ? 1 : 2) + (dynamic ? 3 : 0);
            out.add(value, size, name, rank, limit);
        }
    }

    private static byte[] buildIdNote(BinaryReader r, long offset, long size, Work work) {
        long end = offset + size;
        if (offset < 0 || size < 0 || end > r.length()) {
            return null;
        }
        work.notes(size);
        long p = offset;
        while (p + 12 <= end) {
            long namesz = r.u32(p);
            long descsz = r.u32(p + 4);
            long type = r.u32(p + 8);
            long name = p + 12;
            long desc = name + align4(namesz);
            if (namesz > size || descsz > size || desc + descsz > end) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID && namesz == 4 && r.startsWith(name, end, GNU)) {
                return r.bytes(desc, descsz);
            }
            p = desc + align4(descsz);
        }
        return null;
    }

    /** Sentry's fallback without a build-id: the first page of {@code .text}. */
    private static byte[] textFirstPage(BinaryReader r, List<Section> sections, int shstrndx) {
        if (shstrndx <= 0 || shstrndx >= sections.size()) {
            return null;
        }
        Section names = sections.get(shstrndx);
        for (Section s : sections) {
            // compares six bytes, never scans the name: many headers may name one long unterminated string
            if (s.nameOffset < names.size
                    && isText(r, names.offset + s.nameOffset, names.offset + names.size)
                    && s.type != 8) {
                return r.bytes(s.offset, Math.min(s.size, 4096));
            }
        }
        return null;
    }

    /** ".text" ended by a NUL, or by the end of the name table. */
    private static boolean isText(BinaryReader r, long offset, long limit) {
        return r.startsWith(offset, limit, TEXT)
                || (offset + TEXT.length - 1 == limit
                        && r.startsWith(offset, limit, java.util.Arrays.copyOf(TEXT, TEXT.length - 1)));
    }

    static byte[] xorHash(byte[] page) {
        byte[] hash = new byte[16];
        for (int i = 0; i < Math.min(page.length, 4096); i++) {
            hash[i % 16] ^= page[i];
        }
        return hash;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private static String arch(int machine, boolean is64) {
        return switch (machine) {
            case 3 -> "x86";
            case 62 -> "x86_64";
            case 40 -> "arm";
            case 183 -> "arm64";
            case 20 -> "ppc";
            case 21 -> "ppc64";
            case 8 -> is64 ? "mips64" : "mips";
            case 243 -> is64 ? "riscv64" : "riscv32";
            default -> "unknown";
        };
    }

    /** Counts the bytes a parse examines; note scans past their budget refuse the file. */
    private static final class Work {
        private final long fileLength;
        private long bytes;
        private long noteBytes;

        Work(long fileLength) {
            this.fileLength = fileLength;
        }

        void add(long n) {
            bytes += n;
        }

        void notes(long n) {
            noteBytes += n;
            bytes += n;
            if (noteBytes > NOTE_BYTES_PER_FILE_BYTE * fileLength) {
                throw new SymbolFileException("ELF note sections overlap: more note bytes than "
                        + NOTE_BYTES_PER_FILE_BYTE + " times the file's size");
            }
        }
    }

    private record Section(long nameOffset, int type, long addr, long offset, long size, int link, long entsize) {}
}
