package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nself.crash.event.DebugImage;

class FrameSymbolicationTest {
    private static final String GAME_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";
    private static final String LIBC_ID = "11111111-2222-3333-4444-555555555555";
    private static final long GAME_BASE = 0x7f00_0000_0000L;
    private static final long LIBC_BASE = 0x7f10_0000_0000L;

    private final BreakpadSymbols game = BreakpadSymbols.parse(BreakpadSymbolsTest.SAMPLE);
    private final List<DebugId> looked = new ArrayList<>();
    private final List<DebugImage> images = List.of(
            new DebugImage("elf", LIBC_BASE, 0x10000, LIBC_ID, null, "libc.so.6", null, 0, "x86_64"),
            new DebugImage("elf", GAME_BASE, 0x8000, GAME_ID, null, "libgame.so", null, 0, "x86_64"));

    private NativeSymbolication run(List<DebugImage> images, NativeFrame... frames) {
        Map<DebugId, NativeSymbols> tables = Map.of(new DebugId(GAME_ID), game);
        return FrameSymbolication.symbolicate(images, List.of(frames), id -> {
            looked.add(id);
            return Optional.ofNullable(tables.get(id));
        });
    }

    @Test
    void crashingFrameIsLookedUpAtItsOwnAddress() {
        NativeSymbolication result = run(images, new NativeFrame(GAME_BASE + 0x1010, null, true));

        SymbolicatedFrame frame = result.frames().get(0);
        assertThat(frame.status()).isEqualTo(FrameStatus.SYMBOLICATED);
        assertThat(frame.imageIndex()).isEqualTo(1);
        assertThat(frame.relativeAddr()).isEqualTo(0x1010L);
        assertThat(frame.frames()).containsExactly(new SourceFrame("main", "src/main.c", 12, false));
    }

    @Test
    void nonCrashingFrameIsLookedUpOneByteBeforeItsReturnAddress() {
        NativeSymbolication result = run(images, new NativeFrame(GAME_BASE + 0x1010, "abs", false));

        assertThat(result.frames().get(0).frames()).containsExactly(new SourceFrame("main", "src/main.c", 10, false));
    }

    @Test
    void imageVmaddrIsAddedToTheReportedRelativeAddressOnly() {
        List<DebugImage> withVmaddr = List.of(
                new DebugImage("macho", GAME_BASE, 0x8000, GAME_ID, null, "Game", null, 0x1_0000_0000L, "arm64"));

        SymbolicatedFrame frame = run(withVmaddr, new NativeFrame(GAME_BASE + 0x1010, null, true))
                .frames()
                .get(0);

        assertThat(frame.relativeAddr()).isEqualTo(0x1_0000_1010L);
        assertThat(frame.frames()).containsExactly(new SourceFrame("main", "src/main.c", 12, false));
    }

    @Test
    void relativeAddressModeNamesTheImageByIndex() {
        SymbolicatedFrame frame =
                run(images, new NativeFrame(0x201a, "rel:1", true)).frames().get(0);

        assertThat(frame.imageIndex()).isEqualTo(1);
        assertThat(frame.frames())
                .extracting(SourceFrame::function)
                .containsExactly("render_frame", "draw_sprite", "vec_add(float, float)");
    }

    @Test
    void addressOutsideEveryImageIsAnUnknownImage() {
        NativeSymbolication result = run(
                images, new NativeFrame(GAME_BASE + 0x8000, null, true), new NativeFrame(GAME_BASE - 1, null, true));

        assertThat(result.frames())
                .extracting(SymbolicatedFrame::status)
                .containsExactly(FrameStatus.UNKNOWN_IMAGE, FrameStatus.UNKNOWN_IMAGE);
    }

    @Test
    void imageWithoutSymbolsIsReportedOnceAsMissing() {
        NativeSymbolication result = run(
                images,
                new NativeFrame(LIBC_BASE + 0x10, null, false),
                new NativeFrame(LIBC_BASE + 0x20, null, false),
                new NativeFrame(GAME_BASE + 0x1010, null, true));

        assertThat(result.missingDebugIds()).containsExactly(LIBC_ID);
        assertThat(result.frames())
                .extracting(SymbolicatedFrame::status)
                .containsExactly(FrameStatus.MISSING, FrameStatus.MISSING, FrameStatus.SYMBOLICATED);
        assertThat(looked).containsExactlyInAnyOrder(new DebugId(LIBC_ID), new DebugId(GAME_ID));
    }

    @Test
    void addressWithoutSymbolInAKnownFileIsAMissingSymbolNotAMissingFile() {
        NativeSymbolication result = run(images, new NativeFrame(GAME_BASE + 0x10, null, true));

        assertThat(result.frames().get(0).status()).isEqualTo(FrameStatus.MISSING_SYMBOL);
        assertThat(result.missingDebugIds()).isEmpty();
    }

    @Test
    void imageOfUnknownSizeExtendsToTheNextImage() {
        List<DebugImage> sizeless = List.of(
                new DebugImage("elf", GAME_BASE, 0, GAME_ID, null, "libgame.so", null, 0, "x86_64"),
                new DebugImage("elf", LIBC_BASE, 0, LIBC_ID, null, "libc.so.6", null, 0, "x86_64"));

        assertThat(run(sizeless, new NativeFrame(GAME_BASE + 0x1010, null, true))
                        .frames()
                        .get(0)
                        .imageIndex())
                .isZero();
        assertThat(run(sizeless, new NativeFrame(LIBC_BASE + 0x99999, null, true))
                        .frames()
                        .get(0)
                        .imageIndex())
                .isEqualTo(1);
    }

    @Test
    void badAddressModeAndImageWithoutDebugIdAreMalformed() {
        List<DebugImage> noId = List.of(new DebugImage("elf", GAME_BASE, 0x8000, "nope", null, "x", null, 0, "x86_64"));

        assertThat(run(images, new NativeFrame(1, "weird", true))
                        .frames()
                        .get(0)
                        .status())
                .isEqualTo(FrameStatus.MALFORMED);
        assertThat(run(images, new NativeFrame(1, "rel:9", true))
                        .frames()
                        .get(0)
                        .status())
                .isEqualTo(FrameStatus.MALFORMED);
        assertThat(run(noId, new NativeFrame(GAME_BASE + 1, null, true))
                        .frames()
                        .get(0)
                        .status())
                .isEqualTo(FrameStatus.MALFORMED);
    }

    @Test
    void imageWithoutDebugIdIsMatchedByTheDebugIdItsCodeIdGives() {
        DebugImage elf = new DebugImage(
                "elf",
                GAME_BASE,
                0x8000,
                null,
                "c89b11207f6479603b0d49bf291c092c2b719293",
                "libx.so",
                null,
                0,
                "x86_64");
        DebugImage macho = new DebugImage(
                "macho", GAME_BASE, 0x8000, "", "5E1A5A0B9C3B3C4E8F2A0123456789AB", "App", null, 0, "arm64");

        assertThat(FrameSymbolication.debugId(elf)).contains(new DebugId("20119bc8-647f-6079-3b0d-49bf291c092c"));
        assertThat(FrameSymbolication.debugId(macho)).contains(new DebugId("5e1a5a0b-9c3b-3c4e-8f2a-0123456789ab"));
    }
}
