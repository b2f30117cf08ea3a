package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mach-O file (thin, or fat with one slice per architecture) as a dSYM bundle carries it: per slice
 * the {@code LC_UUID} (the debug id), the {@code __TEXT} segment's address and the function symbols of
 * {@code LC_SYMTAB} (defined, section-relative, non-debugging entries in {@code __TEXT}).
 */
final class MachOFile {
    private static final long MH_MAGIC = 0xfeedfaceL;
    private static final long MH_MAGIC_64 = 0xfeedfacfL;
    private static final long FAT_MAGIC = 0xcafebabeL;
    private static final long FAT_MAGIC_64 = 0xcafebabfL;
    private static final int MAX_FAT_SLICES = 20;
    private static final long LC_SEGMENT = 0x1;
    private static final long LC_SYMTAB = 0x2;
    private static final long LC_SEGMENT_64 = 0x19;
    private static final long LC_UUID = 0x1b;
    private static final int N_STAB = 0xe0;
    private static final int N_TYPE = 0x0e;
    private static final int N_SECT = 0x0e;

    /** One architecture's object. */
    public record Slice(String arch, DebugId debugId, long textVmaddr, AddressSymbols symbols) {
        /** The table a symbolicator looks addresses up in, keyed by module offset. */
        public NativeSymbols nativeSymbols() {
            return new OffsetSymbols(symbols, textVmaddr);
        }
    }

    private MachOFile() {}

    public static boolean looksLikeMachO(byte[] content) {
        if (content.length < 8) {
            return false;
        }
        long be = new BinaryReader(content, false, "Mach-O file").u32(0);
        long le = new BinaryReader(content, true, "Mach-O file").u32(0);
        if (be == FAT_MAGIC || be == FAT_MAGIC_64) {
            long slices = new BinaryReader(content, false, "Mach-O file").u32(4);
            return slices > 0 && slices <= MAX_FAT_SLICES; // a Java class file has its version here
        }
        return be == MH_MAGIC || be == MH_MAGIC_64 || le == MH_MAGIC || le == MH_MAGIC_64;
    }

    public static List<Slice> parse(byte[] content) {
        return parse(content, Long.MAX_VALUE);
    }

    /** As above; stops with {@link SymbolTableTooLarge} once one slice's table passes {@code maxTableBytes}. */
    public static List<Slice> parse(byte[] content, long maxTableBytes) {
        if (!looksLikeMachO(content)) {
            throw new SymbolFileException("not a Mach-O file");
        }
        BinaryReader be = new BinaryReader(content, false, "Mach-O file");
        long magic = be.u32(0);
        if (magic != FAT_MAGIC && magic != FAT_MAGIC_64) {
            return List.of(slice(be, maxTableBytes));
        }
        boolean fat64 = magic == FAT_MAGIC_64;
        long count = be.u32(4);
        long[][] ranges = new long[(int) count][];
        for (int i = 0; i < count; i++) {
            long h = 8 + (long) i * (fat64 ? 32 : 20);
            long offset = fat64 ? be.u64(h + 8) : be.u32(h + 8);
            long size = fat64 ? be.u64(h + 16) : be.u32(h + 12);
            be.check(offset, size);
            ranges[i] = new long[] {offset, size};
        }
        // slices are read in place; overlapping ones would make one file's bytes parse once per slice
        long[][] byOffset = ranges.clone();
        java.util.Arrays.sort(byOffset, java.util.Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < byOffset.length; i++) {
            if (byOffset[i][0] < byOffset[i - 1][0] + byOffset[i - 1][1]) {
                throw new SymbolFileException("Mach-O fat slices overlap");
            }
        }
        List<Slice> slices = new ArrayList<>();
        for (long[] range : ranges) {
            slices.add(slice(be.range(range[0], range[1], false), maxTableBytes));
        }
        return List.copyOf(slices);
    }

    private static Slice slice(BinaryReader bytes, long maxTableBytes) {
        long leMagic = bytes.withOrder(true).u32(0);
        boolean le = leMagic == MH_MAGIC || leMagic == MH_MAGIC_64;
        BinaryReader r = bytes.withOrder(le);
        long magic = r.u32(0);
        if (magic != MH_MAGIC && magic != MH_MAGIC_64) {
            throw new SymbolFileException("Mach-O slice has no Mach-O header");
        }
        boolean is64 = magic == MH_MAGIC_64;
        long cputype = r.u32(4);
        long cpusubtype = r.u32(8) & 0x00ffffffL;
        long ncmds = r.u32(16);
        long sizeofcmds = r.u32(20);
        long p = is64 ? 32 : 28;
        long end = p + sizeofcmds;
        r.check(p, sizeofcmds);

        DebugId uuid = null;
        long textVmaddr = 0;
        long textEnd = 0;
        long symoff = -1;
        long nsyms = 0;
        long stroff = 0;
        long strsize = 0;
        int sectionIndex = 0;
        Map<Integer, Long> textSectionEnds = new HashMap<>();
        for (long i = 0; i < ncmds; i++) {
            if (p + 8 > end) {
                throw new SymbolFileException("Mach-O load commands are truncated");
            }
            long cmd = r.u32(p);
            long cmdsize = r.u32(p + 4);
            if (cmdsize < 8 || p + cmdsize > end) {
                throw new SymbolFileException("Mach-O load command has an invalid size");
            }
            if (cmd == LC_UUID) {
                uuid = DebugId.fromUuidBytes(r.bytes(p + 8, 16), 0);
            } else if (cmd == LC_SYMTAB) {
                symoff = r.u32(p + 8);
                nsyms = r.u32(p + 12);
                stroff = r.u32(p + 16);
                strsize = r.u32(p + 20);
            } else if (cmd == LC_SEGMENT_64 || cmd == LC_SEGMENT) {
                boolean seg64 = cmd == LC_SEGMENT_64;
                String name = r.fixedString(p + 8, 16);
                long vmaddr = r.word(p + 24, seg64);
                long vmsize = r.word(p + (seg64 ? 32 : 28), seg64);
                long nsects = r.u32(p + (seg64 ? 64 : 48));
                long sect = p + (seg64 ? 72 : 56);
                int sectSize = seg64 ? 80 : 68;
                if (nsects > (cmdsize / sectSize)) {
                    throw new SymbolFileException("Mach-O segment has more sections than fit its command");
                }
                if (name.equals("__TEXT")) {
                    textVmaddr = vmaddr;
                    textEnd = vmaddr + vmsize;
                }
                for (long s = 0; s < nsects; s++) {
                    sectionIndex++;
                    long h = sect + s * sectSize;
                    long addr = r.word(h + 32, seg64);
                    long size = r.word(h + (seg64 ? 40 : 36), seg64);
                    if (name.equals("__TEXT")) {
                        textSectionEnds.put(sectionIndex, addr + size);
                    }
                }
            }
            p += cmdsize;
        }
        if (uuid == null) {
            throw new SymbolFileException("Mach-O file has no LC_UUID: it cannot be matched to a crash");
        }
        AddressSymbols.Builder functions = new AddressSymbols.Builder(maxTableBytes);
        if (symoff >= 0 && nsyms > 0) {
            int entry = is64 ? 16 : 12;
            r.check(symoff, nsyms * entry);
            r.check(stroff, strsize);
            for (long i = 0; i < nsyms; i++) {
                long e = symoff + i * entry;
                long strx = r.u32(e);
                int type = r.u8(e + 4);
                int sect = r.u8(e + 5);
                long value = r.word(e + 8, is64);
                if ((type & N_STAB) != 0 || (type & N_TYPE) != N_SECT || !textSectionEnds.containsKey(sect)) {
                    continue;
                }
                if (strx == 0 || strx >= strsize) {
                    continue;
                }
                String name = r.cString(stroff + strx, stroff + strsize);
                if (name.isEmpty()) {
                    continue;
                }
                // C symbols carry a leading underscore in Mach-O
                String function = name.startsWith("_") ? name.substring(1) : name;
                long limit = Math.min(textSectionEnds.get(sect), textEnd > 0 ? textEnd : Long.MAX_VALUE);
                functions.add(value, 0, function, (type & 0x01) != 0 ? 0 : 1, limit);
            }
        }
        return new Slice(arch(cputype, cpusubtype), uuid, textVmaddr, functions.build());
    }

    private static String arch(long cputype, long cpusubtype) {
        boolean abi64 = (cputype & 0x01000000L) != 0;
        long base = cputype & 0xffffffL;
        return switch ((int) base) {
            case 7 -> abi64 ? "x86_64" : "x86";
            case 12 -> abi64 ? (cpusubtype == 2 ? "arm64e" : "arm64") : "arm";
            case 18 -> abi64 ? "ppc64" : "ppc";
            default -> "unknown";
        };
    }
}
