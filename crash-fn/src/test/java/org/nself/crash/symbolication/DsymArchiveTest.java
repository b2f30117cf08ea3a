package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DsymArchiveTest {
    private static final byte[] DWARF = MachOBuilder.arm64(UUID.fromString("5e1a5a0b-9c3b-3c4e-8f2a-0123456789ab"))
            .withSampleSymbols()
            .build();

    @Test
    void dwarfMachOFilesAreReturnedAndOtherEntriesSkipped() {
        assertThat(DsymArchive.read(MachOBuilder.dsymZip(DWARF), ArchiveLimitsFixture.SMALL))
                .extracting(DsymArchive.Entry::path)
                .containsExactly("MyApp.app.dSYM/Contents/Resources/DWARF/MyApp");
    }

    @Test
    void parentDirectorySegmentIsRefusedAsPathTraversal() {
        byte[] zip = MachOBuilder.zip(new String[] {"MyApp.dSYM/../../etc/passwd"}, new byte[][] {DWARF});

        assertThatThrownBy(() -> DsymArchive.read(zip, ArchiveLimitsFixture.SMALL))
                .isInstanceOfSatisfying(
                        ArchiveRejected.class, e -> assertThat(e.tooLarge()).isFalse())
                .hasMessageContaining("escapes the archive");
    }

    @Test
    void absoluteAndWindowsPathsAreRefused() {
        for (String name : new String[] {"/etc/passwd", "C:/Windows/x", "a\\..\\b"}) {
            byte[] zip = MachOBuilder.zip(new String[] {name}, new byte[][] {DWARF});

            assertThatThrownBy(() -> DsymArchive.read(zip, ArchiveLimitsFixture.SMALL))
                    .isInstanceOf(ArchiveRejected.class)
                    .hasMessageContaining("absolute or not portable");
        }
    }

    @Test
    void nestedArchiveIsRefusedByNameAndByContent() {
        byte[] inner = MachOBuilder.dsymZip(DWARF);
        byte[] byName = MachOBuilder.zip(new String[] {"MyApp.dSYM/inner.zip"}, new byte[][] {inner});
        byte[] byContent =
                MachOBuilder.zip(new String[] {"MyApp.dSYM/Contents/Resources/DWARF/x"}, new byte[][] {inner});

        assertThatThrownBy(() -> DsymArchive.read(byName, ArchiveLimitsFixture.SMALL))
                .isInstanceOf(ArchiveRejected.class)
                .hasMessageContaining("nested archive");
        assertThatThrownBy(() -> DsymArchive.read(byContent, ArchiveLimitsFixture.SMALL))
                .isInstanceOf(ArchiveRejected.class)
                .hasMessageContaining("nested archive");
    }

    @Test
    void highlyCompressibleEntryIsRefusedAsAZipBomb() {
        byte[] zeros = new byte[8 << 20];
        byte[] bomb = MachOBuilder.zip(new String[] {"MyApp.dSYM/Contents/Resources/DWARF/x"}, new byte[][] {zeros});
        ArchiveLimits generous = new ArchiveLimits(20, 64 << 20, 64 << 20, 100, 64 << 20);

        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> DsymArchive.read(bomb, generous))
                .isInstanceOfSatisfying(
                        ArchiveRejected.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageContaining("zip bomb");
    }

    @Test
    void decompressedTotalAndEntryCountAreBounded() {
        byte[] text = "x".repeat(600_000).getBytes(StandardCharsets.UTF_8);
        byte[] big = MachOBuilder.zip(new String[] {"a", "b"}, new byte[][] {text, text});
        ArchiveLimits smallTotal = new ArchiveLimits(20, 1 << 20, 1 << 20, 100_000, 1 << 20);
        String[] many = new String[25];
        byte[][] empty = new byte[25][];
        for (int i = 0; i < many.length; i++) {
            many[i] = "f" + i;
            empty[i] = new byte[0];
        }

        assertThatThrownBy(() -> DsymArchive.read(big, smallTotal)).hasMessageContaining("bytes decompressed");
        assertThatThrownBy(() -> DsymArchive.read(MachOBuilder.zip(many, empty), ArchiveLimitsFixture.SMALL))
                .hasMessageContaining("more than 20 entries");
    }

    @Test
    void theDwarfFilesHeldInMemoryAreBoundedTogether() {
        byte[] part = MachOBuilder.arm64(UUID.randomUUID()).withSampleSymbols().build();
        String dir = "MyApp.app.dSYM/Contents/Resources/DWARF/";
        byte[] two = MachOBuilder.zip(new String[] {dir + "a", dir + "b"}, new byte[][] {part, part});
        ArchiveLimits keepsOne = new ArchiveLimits(20, 1 << 20, 4 << 20, 100, part.length + part.length / 2);

        assertThat(DsymArchive.read(MachOBuilder.zip(new String[] {dir + "a"}, new byte[][] {part}), keepsOne))
                .hasSize(1);
        assertThatThrownBy(() -> DsymArchive.read(two, keepsOne))
                .isInstanceOfSatisfying(
                        ArchiveRejected.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageContaining("DWARF files of the archive exceed");
    }

    @Test
    void duplicateEntryNamesAreRefused() {
        // ZipOutputStream refuses duplicates, so the second name differs only after the fact
        byte[] zip = MachOBuilder.zip(new String[] {"MyApp.dSYM/a", "MyApp.dSYM/b"}, new byte[][] {DWARF, DWARF});
        byte[] patched = new String(zip, StandardCharsets.ISO_8859_1)
                .replace("MyApp.dSYM/b", "MyApp.dSYM/a")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> DsymArchive.read(patched, ArchiveLimitsFixture.SMALL))
                .hasMessageContaining("two entries named");
    }

    @Test
    void bytesThatAreNotAZipAreRefusedAsInvalid() {
        byte[] broken = "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> DsymArchive.read(broken, ArchiveLimitsFixture.SMALL))
                .isInstanceOf(ArchiveRejected.class);
    }
}
