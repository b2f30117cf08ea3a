package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.List;

/** Recognizes an uploaded symbol file, reads the identities it carries, and loads its lookup table. */
final class SymbolFiles {
    /** A recognized file: its format and the debug ids it can symbolicate. */
    public record Contents(SymbolFormat format, List<SymbolIdentity> identities) {}

    /** A loaded table: native symbols or a ProGuard mapping, with its heap estimate for the cache. */
    public record Loaded(NativeSymbols nativeSymbols, ProguardMapping proguard) {
        public long estimatedBytes() {
            return nativeSymbols != null ? nativeSymbols.estimatedBytes() : proguard.estimatedBytes();
        }
    }

    private SymbolFiles() {}

    /**
     * Reads the file's format and identities. {@code fileName} names the debug file where the format
     * does not (ELF, ProGuard); {@code declaredDebugId} is required only where the file carries no id of
     * its own and is otherwise checked against it.
     */
    public static Contents identify(byte[] content, String fileName, DebugId declaredDebugId, ArchiveLimits limits) {
        return identify(content, fileName, declaredDebugId, limits, Long.MAX_VALUE);
    }

    /**
     * As above, and refuses with {@link SymbolTableTooLarge} a file whose parsed table (any one slice's)
     * would pass {@code maxTableBytes}: such a table could never stay cached.
     */
    public static Contents identify(
            byte[] content, String fileName, DebugId declaredDebugId, ArchiveLimits limits, long maxTableBytes) {
        if (content.length == 0) {
            throw new SymbolFileException("the symbol file is empty");
        }
        Contents contents;
        if (BreakpadSymbols.looksLikeBreakpad(content)) {
            BreakpadSymbols sym = BreakpadSymbols.parse(content, maxTableBytes);
            BreakpadSymbols.Module m = sym.module();
            contents = new Contents(
                    SymbolFormat.BREAKPAD, List.of(new SymbolIdentity(m.debugId(), sym.codeId(), m.arch(), m.name())));
        } else if (ElfFile.looksLikeElf(content)) {
            ElfFile elf = ElfFile.parse(content, maxTableBytes);
            SymbolTableTooLarge.check(elf.nativeSymbols().estimatedBytes(), maxTableBytes);
            if (elf.debugId() == null) {
                throw new SymbolFileException("ELF file has neither a GNU build-id nor a .text section");
            }
            contents = new Contents(
                    SymbolFormat.ELF, List.of(new SymbolIdentity(elf.debugId(), elf.codeId(), elf.arch(), fileName)));
        } else if (MachOFile.looksLikeMachO(content)) {
            contents = new Contents(
                    SymbolFormat.MACHO,
                    machOIdentities(MachOFile.parse(content, maxTableBytes), fileName, maxTableBytes));
        } else if (DsymArchive.looksLikeZip(content)) {
            List<SymbolIdentity> ids = new ArrayList<>();
            for (DsymArchive.Entry entry : DsymArchive.read(content, limits)) {
                ids.addAll(machOIdentities(
                        MachOFile.parse(entry.content(), maxTableBytes), baseName(entry.path()), maxTableBytes));
            }
            if (ids.isEmpty()) {
                throw new SymbolFileException(
                        "the zip holds no Mach-O file under *.dSYM/Contents/Resources/DWARF/: not a dSYM bundle");
            }
            contents = new Contents(SymbolFormat.DSYM, List.copyOf(ids));
        } else if (ProguardMapping.looksLikeProguard(content)) {
            SymbolTableTooLarge.check(ProguardMapping.parse(content).estimatedBytes(), maxTableBytes);
            DebugId uuid = declaredDebugId != null ? declaredDebugId : ProguardMapping.uuidOf(content);
            return new Contents(
                    SymbolFormat.PROGUARD,
                    List.of(new SymbolIdentity(uuid, null, null, fileName == null ? "mapping.txt" : fileName)));
        } else {
            throw new SymbolFileException(
                    "unknown symbol file format: expected a Breakpad .sym, an ELF or Mach-O file, a zipped .dSYM"
                            + " or a ProGuard/R8 mapping.txt");
        }
        if (declaredDebugId != null
                && contents.identities().stream().noneMatch(i -> i.debugId().equals(declaredDebugId))) {
            throw new SymbolFileException("the file's debug id is not the declared " + declaredDebugId);
        }
        return contents;
    }

    /** The lookup table for {@code debugId} in a stored file of {@code format}. */
    public static Loaded load(SymbolFormat format, byte[] content, DebugId debugId, ArchiveLimits limits) {
        return load(format, content, debugId, limits, Long.MAX_VALUE);
    }

    /** As above; a table past {@code maxTableBytes} is a {@link SymbolTableTooLarge} (Breakpad stops early). */
    public static Loaded load(
            SymbolFormat format, byte[] content, DebugId debugId, ArchiveLimits limits, long maxTableBytes) {
        Loaded loaded = loadUnchecked(format, content, debugId, limits, maxTableBytes);
        SymbolTableTooLarge.check(loaded.estimatedBytes(), maxTableBytes);
        return loaded;
    }

    private static Loaded loadUnchecked(
            SymbolFormat format, byte[] content, DebugId debugId, ArchiveLimits limits, long maxTableBytes) {
        return switch (format) {
            case BREAKPAD -> new Loaded(BreakpadSymbols.parse(content, maxTableBytes), null);
            case ELF -> new Loaded(ElfFile.parse(content, maxTableBytes).nativeSymbols(), null);
            case MACHO -> new Loaded(slice(MachOFile.parse(content, maxTableBytes), debugId), null);
            case DSYM -> {
                for (DsymArchive.Entry entry : DsymArchive.read(content, limits)) {
                    for (MachOFile.Slice s : MachOFile.parse(entry.content(), maxTableBytes)) {
                        if (s.debugId().equals(debugId)) {
                            yield new Loaded(s.nativeSymbols(), null);
                        }
                    }
                }
                throw new SymbolFileException("the dSYM holds no slice with debug id " + debugId);
            }
            case PROGUARD -> new Loaded(null, ProguardMapping.parse(content));
        };
    }

    private static NativeSymbols slice(List<MachOFile.Slice> slices, DebugId debugId) {
        for (MachOFile.Slice s : slices) {
            if (s.debugId().equals(debugId)) {
                return s.nativeSymbols();
            }
        }
        throw new SymbolFileException("the Mach-O file holds no slice with debug id " + debugId);
    }

    private static List<SymbolIdentity> machOIdentities(
            List<MachOFile.Slice> slices, String fileName, long maxTableBytes) {
        List<SymbolIdentity> ids = new ArrayList<>();
        for (MachOFile.Slice s : slices) {
            SymbolTableTooLarge.check(s.nativeSymbols().estimatedBytes(), maxTableBytes);
            // a Mach-O code id is its UUID without hyphens, as Sentry writes it
            ids.add(new SymbolIdentity(s.debugId(), s.debugId().value().replace("-", ""), s.arch(), fileName));
        }
        return ids;
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
