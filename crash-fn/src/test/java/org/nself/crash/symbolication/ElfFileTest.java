package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static final byte[] BUILD_ID = HexFormat.of().parseHex("c89b11207f6479603b0d49bf291c092c2b719293");

    private static byte[] sample() {
        return new ElfBuilder(BUILD_ID)
                .symbol("alpha", 1, 2, 1, 0x1000, 0x40)
                .symbol("beta", 0, 2, 1, 0x1040, 0x20)
                .symbol("beta_alias", 2, 2, 1, 0x1040, 0x20)
                .symbol("gamma_no_size", 1, 2, 1, 0x1080, 0)
                .symbol("a_variable", 1, 1, 1, 0x1060, 8)
                .symbol("imported", 1, 2, 0, 0, 0)
                .build();
    }

    @Test
    void buildIdIsTheCodeIdAndGivesSentrysDebugId() {
        ElfFile elf = ElfFile.parse(sample());

        assertThat(elf.codeId()).isEqualTo("c89b11207f6479603b0d49bf291c092c2b719293");
        assertThat(elf.debugId().value()).isEqualTo("20119bc8-647f-6079-3b0d-49bf291c092c");
        assertThat(elf.arch()).isEqualTo("x86_64");
    }

    @Test
    void definedFunctionsAreReadAndOtherSymbolsSkipped() {
        assertThat(ElfFile.parse(sample()).symbols().names()).containsExactly("alpha", "beta_alias", "gamma_no_size");
    }

    @Test
    void globalAliasIsPreferredAndSizelessSymbolEndsAtItsSection() {
        NativeSymbols symbols = ElfFile.parse(sample()).nativeSymbols();

        assertThat(symbols.lookup(0x1003)).containsExactly(new SourceFrame("alpha", null, 0, false));
        assertThat(symbols.lookup(0x1050)).containsExactly(new SourceFrame("beta_alias", null, 0, false));
        assertThat(symbols.lookup(0x1065)).isEmpty();
        assertThat(symbols.lookup(0x10ff)).containsExactly(new SourceFrame("gamma_no_size", null, 0, false));
        assertThat(symbols.lookup(0x1100)).isEmpty();
    }

    @Test
    void identifyReadsAnElfUploadAsElf() {
        SymbolFiles.Contents contents = SymbolFiles.identify(sample(), "libfoo.so", null, ArchiveLimitsFixture.SMALL);

        assertThat(contents.format()).isEqualTo(SymbolFormat.ELF);
        assertThat(contents.identities())
                .containsExactly(new SymbolIdentity(
                        new DebugId("20119bc8-647f-6079-3b0d-49bf291c092c"),
                        "c89b11207f6479603b0d49bf291c092c2b719293",
                        "x86_64",
                        "libfoo.so"));
    }

    @Test
    void truncatedElfIsRefusedNotCrashedOn() {
        byte[] file = sample();
        for (int length = 4; length < file.length; length += 5) {
            byte[] cut = Arrays.copyOf(file, length);
            try {
                ElfFile.parse(cut);
            } catch (SymbolFileException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> ElfFile.parse(Arrays.copyOf(file, 40))).isInstanceOf(SymbolFileException.class);
    }
}
