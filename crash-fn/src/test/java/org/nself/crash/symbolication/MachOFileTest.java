package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MachOFileTest {
    static final UUID ARM_UUID = UUID.fromString("5e1a5a0b-9c3b-3c4e-8f2a-0123456789ab");
    static final UUID X86_UUID = UUID.fromString("aa1a5a0b-9c3b-3c4e-8f2a-0123456789cd");
    private static final long OFFSET = MachOBuilder.TEXT_SECTION - MachOBuilder.TEXT_VMADDR;

    @Test
    void thinFileGivesUuidArchAndFunctionSymbols() {
        List<MachOFile.Slice> slices =
                MachOFile.parse(MachOBuilder.arm64(ARM_UUID).withSampleSymbols().build());

        assertThat(slices).hasSize(1);
        MachOFile.Slice slice = slices.get(0);
        assertThat(slice.debugId().value()).isEqualTo(ARM_UUID.toString());
        assertThat(slice.arch()).isEqualTo("arm64");
        assertThat(slice.textVmaddr()).isEqualTo(MachOBuilder.TEXT_VMADDR);
        assertThat(slice.symbols().names()).containsExactly("main", "helper");
    }

    @Test
    void lookupByModuleOffsetFindsTheFunctionAndStopsAtTheSectionEnd() {
        NativeSymbols symbols = MachOFile.parse(
                        MachOBuilder.arm64(ARM_UUID).withSampleSymbols().build())
                .get(0)
                .nativeSymbols();

        assertThat(symbols.lookup(OFFSET + 4)).containsExactly(new SourceFrame("main", null, 0, false));
        assertThat(symbols.lookup(OFFSET + 0x7f)).containsExactly(new SourceFrame("main", null, 0, false));
        assertThat(symbols.lookup(OFFSET + 0x80)).containsExactly(new SourceFrame("helper", null, 0, false));
        assertThat(symbols.lookup(OFFSET + MachOBuilder.TEXT_SECTION_SIZE - 1))
                .containsExactly(new SourceFrame("helper", null, 0, false));
        assertThat(symbols.lookup(OFFSET + MachOBuilder.TEXT_SECTION_SIZE)).isEmpty();
        assertThat(symbols.lookup(OFFSET - 1)).isEmpty();
    }

    @Test
    void fatFileGivesOneSlicePerArchitecture() {
        byte[] fat = MachOBuilder.fat(
                MachOBuilder.x86_64(X86_UUID).withSampleSymbols().build(),
                MachOBuilder.arm64(ARM_UUID).withSampleSymbols().build());

        assertThat(MachOFile.parse(fat))
                .extracting(s -> s.arch() + " " + s.debugId())
                .containsExactly("x86_64 " + X86_UUID, "arm64 " + ARM_UUID);
    }

    @Test
    void dsymZipIsIdentifiedByTheUuidsOfItsDwarfFiles() {
        byte[] zip = MachOBuilder.dsymZip(
                MachOBuilder.arm64(ARM_UUID).withSampleSymbols().build());

        SymbolFiles.Contents contents = SymbolFiles.identify(zip, "MyApp.dSYM.zip", null, ArchiveLimitsFixture.SMALL);

        assertThat(contents.format()).isEqualTo(SymbolFormat.DSYM);
        assertThat(contents.identities())
                .containsExactly(new SymbolIdentity(
                        new DebugId(ARM_UUID.toString()), ARM_UUID.toString().replace("-", ""), "arm64", "MyApp"));
        NativeSymbols loaded = SymbolFiles.load(
                        SymbolFormat.DSYM, zip, new DebugId(ARM_UUID.toString()), ArchiveLimitsFixture.SMALL)
                .nativeSymbols();
        assertThat(loaded.lookup(OFFSET + 0x90)).containsExactly(new SourceFrame("helper", null, 0, false));
    }

    @Test
    void fileWithoutUuidCannotBeMatchedAndIsRefused() {
        byte[] file = MachOBuilder.arm64(ARM_UUID).build();
        // turn LC_UUID (after the 32-byte header and the 152-byte segment) into an unknown command
        file[32 + 152] = 0x7f;

        assertThatThrownBy(() -> MachOFile.parse(file))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("LC_UUID");
    }

    @Test
    void truncatedFileIsRefusedNotCrashedOn() {
        byte[] file = MachOBuilder.arm64(ARM_UUID).withSampleSymbols().build();
        for (int length = 8; length < file.length; length += 7) {
            byte[] cut = Arrays.copyOf(file, length);
            try {
                MachOFile.parse(cut);
            } catch (SymbolFileException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
