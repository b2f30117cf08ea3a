package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SymbolFilesTest {
    private static final List<byte[]> VALID = List.of(
            BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8),
            ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8),
            new ElfBuilder(HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314"))
                    .symbol("f", 1, 2, 1, 0x1000, 0x10)
                    .build(),
            MachOBuilder.arm64(UUID.randomUUID()).withSampleSymbols().build(),
            MachOBuilder.dsymZip(
                    MachOBuilder.x86_64(UUID.randomUUID()).withSampleSymbols().build()));

    @Test
    void eachFormatIsRecognizedByItsBytes() {
        assertThat(VALID)
                .extracting(b -> SymbolFiles.identify(b, "f", null, ArchiveLimitsFixture.SMALL)
                        .format())
                .containsExactly(
                        SymbolFormat.BREAKPAD,
                        SymbolFormat.PROGUARD,
                        SymbolFormat.ELF,
                        SymbolFormat.MACHO,
                        SymbolFormat.DSYM);
    }

    @Test
    void byteOrderMarkBeforeABreakpadFileIsAccepted() {
        byte[] withBom = ("\uFEFF" + BreakpadSymbolsTest.SAMPLE).getBytes(StandardCharsets.UTF_8);

        assertThat(SymbolFiles.identify(withBom, null, null, ArchiveLimitsFixture.SMALL)
                        .format())
                .isEqualTo(SymbolFormat.BREAKPAD);
    }

    @Test
    void proguardMappingTakesADeclaredUuid() {
        DebugId declared = DebugId.parse(UUID.randomUUID().toString());

        SymbolFiles.Contents contents = SymbolFiles.identify(
                ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8),
                null,
                declared,
                ArchiveLimitsFixture.SMALL);

        assertThat(contents.identities()).extracting(SymbolIdentity::debugId).containsExactly(declared);
    }

    @Test
    void emptyAndUnknownContentAreUnreadable() {
        assertThatThrownBy(() -> SymbolFiles.identify(new byte[0], null, null, ArchiveLimitsFixture.SMALL))
                .isInstanceOf(SymbolFileException.class);
        assertThatThrownBy(() -> SymbolFiles.identify(
                        "{\"json\": true}".getBytes(StandardCharsets.UTF_8), null, null, ArchiveLimitsFixture.SMALL))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("unknown symbol file format");
    }

    @Test
    void damagedOrCutFilesOfEveryFormatFailOnlyAsRefusals() {
        Random random = new Random(7);
        for (byte[] valid : VALID) {
            for (int round = 0; round < 400; round++) {
                byte[] input =
                        round % 2 == 0 ? Arrays.copyOf(valid, random.nextInt(valid.length + 1)) : damage(valid, random);
                try {
                    SymbolFiles.Contents contents = SymbolFiles.identify(input, "x", null, ArchiveLimitsFixture.SMALL);
                    for (SymbolIdentity identity : contents.identities()) {
                        SymbolFiles.Loaded loaded = SymbolFiles.load(
                                contents.format(), input, identity.debugId(), ArchiveLimitsFixture.SMALL);
                        if (loaded.nativeSymbols() != null) {
                            loaded.nativeSymbols().lookup(random.nextInt(0x10000));
                        } else {
                            loaded.proguard().deobfuscate("a.a", "a", random.nextInt(12));
                        }
                    }
                } catch (SymbolFileException | ArchiveRejected expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] out = valid.clone();
        for (int i = 0; i < 1 + random.nextInt(6); i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }
}
