package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The parsers on crafted hostile files: each is refused, or parsed with work (bytes read, characters
 * examined, index segments) a small multiple of its size. Nothing here measures time.
 */
class HostileSymbolFilesTest {
    @Test
    void elfWithManyHeadersNamingOneSymbolTableIsRefusedBeforeReadingIt() {
        byte[] elf = HostileSymbolFiles.amplifyingElf();

        assertThatThrownBy(() -> ElfFile.parse(elf))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("1000 .symtab");
    }

    @Test
    void elfParseReadsAtMostAFewTimesItsSize() {
        // the same shape with a single header: a valid file of 20,000 functions
        byte[] elf = HostileSymbolFiles.amplifyingElf(20_000, 1);

        ElfFile parsed = ElfFile.parse(elf);

        assertThat(parsed.symbols().size()).isEqualTo(20_000);
        assertThat(parsed.bytesRead()).isPositive().isLessThanOrEqualTo(3L * elf.length);
    }

    @Test
    void elfParseStopsJustPastTheTableBound() {
        byte[] elf = HostileSymbolFiles.amplifyingElf(20_000, 1);

        assertThatThrownBy(() -> ElfFile.parse(elf, 100_000))
                .isInstanceOf(SymbolTableTooLarge.class)
                .satisfies(e ->
                        assertThat(((SymbolTableTooLarge) e).estimatedBytes()).isBetween(100_000L, 100_000L + 1024));
    }

    @Test
    void elfNotesCoveredByManyHeadersAreRefusedOnceTheirBudgetIsSpent() {
        byte[] elf = HostileSymbolFiles.elfWithOverlappingNotes(1_000, 100_000);

        assertThatThrownBy(() -> ElfFile.parse(elf))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("note sections overlap");
    }

    @Test
    void elfSymbolsNamingOneUnterminatedStringAreRefusedOnceTheStringBudgetIsSpent() {
        // 5,000 symbols × 200 KB would be a gigabyte of names
        byte[] elf = HostileSymbolFiles.elfWithUnterminatedNames(5_000, 200_000);

        assertThatThrownBy(() -> ElfFile.parse(elf))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("more string bytes than 4 times its size");
    }

    @Test
    void fatMachOWhoseSlicesOverlapIsRefused() {
        assertThatThrownBy(() -> MachOFile.parse(HostileSymbolFiles.overlappingFatMachO(20)))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("slices overlap");
        assertThat(MachOFile.parse(HostileSymbolFiles.overlappingFatMachO(1))).hasSize(1);
    }

    @Test
    void machOSymbolsNamingOneUnterminatedStringAreRefused() {
        byte[] macho = HostileSymbolFiles.machOWithUnterminatedNames(5_000, 200_000);

        assertThatThrownBy(() -> MachOFile.parse(macho))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("more string bytes");
    }

    @Test
    void breakpadFileIsParsedIntoATableLinearInItsSize() {
        byte[] file = HostileSymbolFiles.breakpad(4L << 20);

        BreakpadSymbols symbols = BreakpadSymbols.parse(file);

        assertThat(file).hasSize(4 << 20);
        assertThat(symbols.functionCount()).isGreaterThan(4_000);
        // a line record is ~14 bytes of text and 24 of table
        assertThat(symbols.estimatedBytes()).isLessThanOrEqualTo(3L * file.length);
    }

    @Test
    void breakpadParseStopsAtTheTableBound() {
        byte[] file = HostileSymbolFiles.breakpad(4L << 20);

        assertThatThrownBy(() -> BreakpadSymbols.parse(file, 1 << 20))
                .isInstanceOf(SymbolTableTooLarge.class)
                .hasMessageContaining("1048576 bytes");
    }

    @Test
    void sixtyMebibyteBreakpadFileStopsJustPastTheDefaultTableBound() {
        byte[] file = HostileSymbolFiles.breakpad(60L << 20);
        long bound = 64L << 20; // nself.crash.symbols.max-table-bytes

        assertThatThrownBy(() -> BreakpadSymbols.parse(file, bound))
                .isInstanceOf(SymbolTableTooLarge.class)
                .satisfies(e ->
                        assertThat(((SymbolTableTooLarge) e).estimatedBytes()).isBetween(bound, bound + 4096));
    }

    @Test
    void breakpadLineRecordOfHugeSizeCoversTheRestOfItsFunc() {
        BreakpadSymbols symbols =
                BreakpadSymbols.parse("MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 a.so\nFILE 0 a.c\n"
                        + "FUNC 1000 ffffffffffffffff 0 f\n1000 ffffffffffffffff 7 0\n"
                        + "STACK CFI INIT 1000 ffffffffffffffff .cfa: $rsp 8 +\n");

        assertThat(symbols.lookup(0x7000_0000_0000L)).containsExactly(new SourceFrame("f", "a.c", 7, false));
        assertThat(symbols.stackRecordCount()).isEqualTo(1);
    }

    @Test
    void elfHeaderCountsBeyondTheFileAreRefused() {
        byte[] elf = new ElfBuilder(HostileSymbolFiles.BUILD_ID).build();
        java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(60, (short) 0xffff);

        assertThatThrownBy(() -> ElfFile.parse(elf))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("truncated or malformed");
    }

    @Test
    void machOCountsBeyondTheFileAreRefused() {
        byte[] commands = MachOBuilder.arm64(java.util.UUID.randomUUID())
                .withSampleSymbols()
                .build();
        java.nio.ByteBuffer.wrap(commands)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(16, -1); // ncmds
        byte[] symbols = MachOBuilder.arm64(java.util.UUID.randomUUID())
                .withSampleSymbols()
                .build();
        java.nio.ByteBuffer.wrap(symbols)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(32 + 72 + 80 + 24 + 12, -1);

        assertThatThrownBy(() -> MachOFile.parse(commands))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> MachOFile.parse(symbols))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("truncated or malformed");
    }

    @Test
    void hugeOverlappingFuncsKeepLookupsExactAndTheIndexLinear() {
        int funcs = 50_000;
        BreakpadSymbols symbols = BreakpadSymbols.parse(HostileSymbolFiles.breakpadOverlappingFuncs(funcs));

        for (int i : new int[] {1, 2, funcs / 2, funcs}) {
            assertThat(symbols.lookup(0x20L * i + 4))
                    .extracting(SourceFrame::function)
                    .containsExactly("f" + i);
            // in a gap: the FUNC of size ffffffffffffffff, found by one binary search, not a scan back over i FUNCs
            assertThat(symbols.lookup(0x20L * i + 0x18))
                    .extracting(SourceFrame::function)
                    .containsExactly("everything");
        }
        assertThat(symbols.lookup(Long.MAX_VALUE - 1))
                .extracting(SourceFrame::function)
                .containsExactly("everything");
        assertThat(symbols.coveringSegments()).isLessThanOrEqualTo(2 * (funcs + 1));
    }

    @Test
    void elfSymbolOfSizeTwoToTheSixtyFourMinusOneCoversTheRestOfTheSpace() {
        byte[] build = new ElfBuilder(HostileSymbolFiles.BUILD_ID)
                .symbol("huge", 1, 2, 1, 0x1000, -1L)
                .symbol("inner", 1, 2, 1, 0x1010, 0x10)
                .build();
        NativeSymbols symbols = ElfFile.parse(build).symbols();

        assertThat(symbols.lookup(0x1014)).extracting(SourceFrame::function).containsExactly("inner");
        assertThat(symbols.lookup(0x1024)).extracting(SourceFrame::function).containsExactly("huge");
        assertThat(symbols.lookup(0x7fff_0000_0000L))
                .extracting(SourceFrame::function)
                .containsExactly("huge");
        assertThat(symbols.lookup(0xfff)).isEmpty();
    }

    @Test
    void manyInlineRecordsInOneFuncAreFoundByIndexNotByScan() {
        int records = 100_000;
        BreakpadSymbols symbols = BreakpadSymbols.parse(HostileSymbolFiles.breakpadManyInlines(records));

        assertThat(symbols.lookup(0x10L * 77_777 + 4))
                .extracting(SourceFrame::function)
                .containsExactly("outer", "inlined");
        assertThat(symbols.lookup(0x10L * 77_777 + 0xc))
                .extracting(SourceFrame::function)
                .containsExactly("outer");
    }

    @Test
    void inlineLevelsAreBounded() {
        assertThat(BreakpadSymbols.parse(HostileSymbolFiles.breakpadDeepInline(BreakpadSymbols.MAX_INLINE_LEVEL))
                        .lookup(4))
                .hasSize(2);
        assertThatThrownBy(() -> BreakpadSymbols.parse(
                        HostileSymbolFiles.breakpadDeepInline(BreakpadSymbols.MAX_INLINE_LEVEL + 1)))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("INLINE level above 255");
    }

    @Test
    void proguardCommentLineOf26KbIsReadInLinearSteps() {
        byte[] mapping = HostileSymbolFiles.proguardCommentLine(26_000);

        ProguardMapping parsed = ProguardMapping.parse(mapping);

        assertThat(parsed.originalClass("a.a")).isEqualTo("com.example.Hostile");
        assertThat(parsed.scanSteps()).isLessThanOrEqualTo(4L * mapping.length);
    }

    @Test
    void proguardAlmostMethodLineIsRefusedInLinearSteps() {
        String line = new String(HostileSymbolFiles.proguardMethodLine(26_000), StandardCharsets.UTF_8).split("\n")[1];
        ProguardLines reader = new ProguardLines();

        assertThat(reader.method(line)).isNull();
        assertThat(reader.fieldLine(line)).isFalse();
        assertThat(reader.steps()).isLessThanOrEqualTo(4L * line.length());
        assertThatThrownBy(() -> ProguardMapping.parse(HostileSymbolFiles.proguardMethodLine(26_000)))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("not a ProGuard mapping line");
    }

    /** The patterns the scanner replaced, kept here to check that it accepts exactly what they matched. */
    private static final Pattern CLASS_LINE = Pattern.compile("^(\\S+) -> (\\S+):$");

    private static final Pattern METHOD_LINE = Pattern.compile(
            "^\\s+(?:(\\d+):(\\d+):)?(\\S+) ([^\\s(]+)\\(([^)]*)\\)(?::(\\d+)(?::(\\d+))?)? -> (\\S+)$");
    private static final Pattern FIELD_LINE = Pattern.compile("^\\s+\\S+ \\S+ -> \\S+$");
    private static final Pattern SOURCE_FILE = Pattern.compile(
            "^\\s*#\\s*\\{.*\"id\"\\s*:\\s*\"sourceFile\".*\"fileName\"\\s*:\\s*\"([^\"]+)\".*\\}\\s*$");

    @Test
    void scannerAcceptsExactlyWhatTheOldPatternsMatched() {
        List<String> tokens = List.of(
                " ",
                "  ",
                "\t",
                "#",
                "{",
                "}",
                ":",
                "(",
                ")",
                "->",
                " -> ",
                "1",
                "23",
                "1:2:",
                ":7",
                "\"",
                "\"id\"",
                "\"sourceFile\"",
                "\"fileName\"",
                "\"A.kt\"",
                ",",
                "a",
                "void",
                "run",
                "a.b.C",
                "-",
                ">",
                "x y");
        List<String> templates = List.of(
                "com.example.app.MainActivity -> a.a:",
                "    1:3:void onCreate(android.os.Bundle):20:22 -> onCreate",
                "    4:4:void com.example.Util.check(boolean):55 -> a",
                "    void legacy() -> b",
                "\tint counter -> a",
                "# {\"id\":\"sourceFile\",\"fileName\":\"MainActivity.kt\"}",
                "  #  { \"id\" : \"sourceFile\" , \"fileName\" : \"A.kt\" }  ");
        Random random = new Random(11);
        ProguardLines reader = new ProguardLines();
        for (int n = 0; n < 200_000; n++) {
            StringBuilder line = new StringBuilder(templates.get(random.nextInt(templates.size())));
            int mutations = random.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                int at = random.nextInt(line.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, tokens.get(random.nextInt(tokens.size())));
                    case 1 -> {
                        if (at < line.length()) {
                            line.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < line.length()) {
                            String t = tokens.get(random.nextInt(tokens.size()));
                            line.setCharAt(at, t.charAt(0));
                        }
                    }
                }
            }
            String s = line.toString();

            Matcher c = CLASS_LINE.matcher(s);
            String[] cls = reader.classLine(s);
            assertThat(cls != null).as("class line %s", s).isEqualTo(c.matches());
            if (cls != null) {
                assertThat(cls).containsExactly(c.group(1), c.group(2));
            }
            Matcher m = METHOD_LINE.matcher(s);
            ProguardLines.Method method = reader.method(s);
            assertThat(method != null).as("method line %s", s).isEqualTo(m.matches());
            if (method != null) {
                assertThat(method)
                        .isEqualTo(new ProguardLines.Method(
                                m.group(1), m.group(2), m.group(4), m.group(6), m.group(7), m.group(8)));
            }
            assertThat(reader.fieldLine(s))
                    .as("field line %s", s)
                    .isEqualTo(FIELD_LINE.matcher(s).matches());
            Matcher f = SOURCE_FILE.matcher(s);
            assertThat(reader.sourceFile(s)).as("comment line %s", s).isEqualTo(f.matches() ? f.group(1) : null);
        }
    }
}
