package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BreakpadSymbolsTest {
    static final String SAMPLE = String.join(
            "\n",
            "MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libgame.so",
            "INFO CODE_ID 3AE4B8DF42F2733DA453AEB6A777EF75 libgame.so",
            "FILE 0 src/main.c",
            "FILE 1 src/render.h",
            "FILE 2 src/math.h",
            "INLINE_ORIGIN 0 draw_sprite",
            "INLINE_ORIGIN 1 vec_add(float, float)",
            "FUNC 1000 40 0 main",
            "1000 10 10 0",
            "1010 20 12 0",
            "1030 10 14 0",
            "FUNC m 2000 60 0 render_frame",
            "INLINE 0 22 0 0 2010 30",
            "INLINE 1 7 1 1 2018 8",
            "2000 10 20 0",
            "2010 8 5 1",
            "2018 8 3 2",
            "2020 20 6 1",
            "2040 20 24 0",
            "PUBLIC 2000 0 render_frame_public",
            "PUBLIC 3000 0 stripped_helper",
            "PUBLIC m 3100 0 other_helper",
            "FUNC 4000 0 0 empty_function",
            "PUBLIC 4000 0 empty_function_public",
            "FUNC 5000 20 0 outer_range",
            "5000 20 40 0",
            "FUNC 5008 8 0 inner_range",
            "5008 8 50 0",
            "STACK CFI INIT 1000 40 .cfa: $rsp 8 + .ra: .cfa -8 + ^",
            "STACK CFI 1001 .cfa: $rsp 16 +",
            "STACK WIN 4 2170 14 1 0 0 0 0 0 1 $eip 4 + ^ = $esp $ebp 8 + = $ebp $ebp ^ =",
            "");

    private final BreakpadSymbols symbols = BreakpadSymbols.parse(SAMPLE);

    @Test
    void moduleAndInfoRecordsGiveTheIdentity() {
        assertThat(symbols.module())
                .isEqualTo(new BreakpadSymbols.Module(
                        "Linux", "x86_64", DebugId.parse("dfb8e43a-f242-3d73-a453-aeb6a777ef75"), "libgame.so"));
        assertThat(symbols.codeId()).isEqualTo("3ae4b8df42f2733da453aeb6a777ef75");
        assertThat(symbols.functionCount()).isEqualTo(5);
        assertThat(symbols.publicCount()).isEqualTo(4);
        assertThat(symbols.stackRecordCount()).isEqualTo(3);
    }

    @Test
    void funcRecordGivesFunctionFileAndLine() {
        assertThat(symbols.lookup(0x1015)).containsExactly(new SourceFrame("main", "src/main.c", 12, false));
    }

    @Test
    void funcBeatsPublicAtTheSameAddress() {
        assertThat(symbols.lookup(0x2002)).containsExactly(new SourceFrame("render_frame", "src/main.c", 20, false));
    }

    @Test
    void inlineRecordsExpandIntoOneFramePerInlinedCallOutermostFirst() {
        assertThat(symbols.lookup(0x201a))
                .containsExactly(
                        new SourceFrame("render_frame", "src/main.c", 22, false),
                        new SourceFrame("draw_sprite", "src/render.h", 7, true),
                        new SourceFrame("vec_add(float, float)", "src/math.h", 3, true));
        assertThat(symbols.lookup(0x2025))
                .containsExactly(
                        new SourceFrame("render_frame", "src/main.c", 22, false),
                        new SourceFrame("draw_sprite", "src/render.h", 6, true));
        assertThat(symbols.lookup(0x2045)).containsExactly(new SourceFrame("render_frame", "src/main.c", 24, false));
    }

    @Test
    void publicExtendsToTheNextPublicAddress() {
        assertThat(symbols.lookup(0x3000)).containsExactly(new SourceFrame("stripped_helper", null, 0, false));
        assertThat(symbols.lookup(0x30ff)).containsExactly(new SourceFrame("stripped_helper", null, 0, false));
        assertThat(symbols.lookup(0x3100)).containsExactly(new SourceFrame("other_helper", null, 0, false));
        assertThat(symbols.lookup(0x3fff)).containsExactly(new SourceFrame("other_helper", null, 0, false));
    }

    @Test
    void publicEndsWhereAFuncStarts() {
        BreakpadSymbols s = BreakpadSymbols.parse("MODULE Linux x86_64 000000000000000000000000000000010 a.so\n"
                + "PUBLIC 100 0 before\nFUNC 200 10 0 func\n");

        assertThat(s.lookup(0x1ff)).containsExactly(new SourceFrame("before", null, 0, false));
        assertThat(s.lookup(0x210)).isEmpty();
    }

    @Test
    void emptyFunctionHoldsNoAddressSoThePublicRecordAnswers() {
        assertThat(symbols.lookup(0x4000)).containsExactly(new SourceFrame("empty_function_public", null, 0, false));
        assertThat(symbols.lookup(0x4010)).containsExactly(new SourceFrame("empty_function_public", null, 0, false));
    }

    @Test
    void overlappingFuncRecordsResolveToTheMostSpecificOne() {
        assertThat(symbols.lookup(0x500a)).containsExactly(new SourceFrame("inner_range", "src/main.c", 50, false));
        assertThat(symbols.lookup(0x5004)).containsExactly(new SourceFrame("outer_range", "src/main.c", 40, false));
        assertThat(symbols.lookup(0x5018)).containsExactly(new SourceFrame("outer_range", "src/main.c", 40, false));
    }

    @Test
    void addressBeforeTheFirstRecordHasNoSymbol() {
        assertThat(symbols.lookup(0x10)).isEmpty();
    }

    @Test
    void addressPastTheLastFuncWithoutAPublicHasNoSymbol() {
        assertThat(symbols.lookup(0x5020)).isEmpty();
        assertThat(symbols.lookup(0x7fff_ffffL)).isEmpty();
    }

    @Test
    void lastPublicRecordExtendsToTheEndOfTheModule() {
        BreakpadSymbols s = BreakpadSymbols.parse(
                "MODULE Linux x86_64 000000000000000000000000000000010 a.so\nFUNC 100 10 0 f\nPUBLIC 200 0 last\n");

        assertThat(s.lookup(0x9000)).containsExactly(new SourceFrame("last", null, 0, false));
    }

    @Test
    void funcWithoutLineRecordsStillNamesTheFunction() {
        BreakpadSymbols s = BreakpadSymbols.parse(
                "MODULE mac arm64 000000000000000000000000000000010 a\r\nFUNC 100 10 0 no_lines\r\n");

        assertThat(s.lookup(0x105)).containsExactly(new SourceFrame("no_lines", null, 0, false));
    }

    @Test
    void malformedRecordIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> BreakpadSymbols.parse(
                        "MODULE Linux x86_64 000000000000000000000000000000010 a.so\nFUNC zz 10 0 f\n"))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> BreakpadSymbols.parse(
                        "MODULE Linux x86_64 000000000000000000000000000000010 a.so\n100 4 1 0\n"))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("outside a FUNC");
    }

    @Test
    void fileWithoutModuleRecordIsNotBreakpad() {
        assertThatThrownBy(() -> BreakpadSymbols.parse("FUNC 100 10 0 f\n"))
                .isInstanceOf(SymbolFileException.class)
                .hasMessageContaining("no MODULE record");
    }

    @Test
    void randomDamageToAValidFileFailsOnlyAsAnUnreadableSymbolFile() {
        Random random = new Random(6);
        byte[] original = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2000; round++) {
            byte[] damaged = original.clone();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(128);
            }
            try {
                BreakpadSymbols parsed = BreakpadSymbols.parse(damaged);
                parsed.lookup(random.nextInt(0x6000));
            } catch (SymbolFileException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
