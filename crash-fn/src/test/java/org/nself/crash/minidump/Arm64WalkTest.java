package org.nself.crash.minidump;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * arm64, hand-checked: no arm64 machine or cross toolchain is here to make a real dump, so these
 * fixtures are written by the format's layout and the expected walks worked out by hand from
 * Breakpad's arm64 rules (the caller's pc is the callee's lr; fp and lr are saved at x29; sp is
 * x29 + 16; a caller instruction is 4 bytes before its return address).
 */
class Arm64WalkTest {
    private static final long STACK = 0x7000_0000L;
    private static final byte[] BUILD_ID = HexFormat.of().parseHex("00112233445566778899aabbccddeeff01020304");

    @Test
    void parsesTheArm64ContextSystemAndModule() {
        Minidump dump = MinidumpParser.parse(frameChain());

        assertThat(dump.system().arch()).isEqualTo(Arch.ARM64);
        assertThat(dump.system().osVersion()).isEqualTo("6.1.0 Linux 6.1.0 test");
        assertThat(dump.modules()).singleElement().satisfies(m -> {
            assertThat(m.codeFile()).isEqualTo("/system/bin/app");
            assertThat(m.codeId()).isEqualTo("00112233445566778899aabbccddeeff01020304");
            // the first 16 bytes as a little-endian GUID, age 0
            assertThat(m.debugId().value()).isEqualTo("33221100-5544-7766-8899-aabbccddeeff");
        });
        Registers context = dump.crash().orElseThrow().context();
        assertThat(context.pc()).isEqualTo(0x10100);
        assertThat(context.get("x29")).hasValue(STACK + 0x10);
        assertThat(context.get("x30")).hasValue(0x10200L);
        assertThat(context.get("sp")).hasValue(STACK);
    }

    @Test
    void walksTheX29FrameRecordChainToItsEnd() {
        Minidump dump = MinidumpParser.parse(frameChain());

        List<WalkedFrame> frames = walk(dump, m -> Optional.empty());

        assertThat(frames)
                .extracting(WalkedFrame::trust)
                .containsExactly(FrameTrust.CONTEXT, FrameTrust.FP, FrameTrust.FP, FrameTrust.FP);
        assertThat(frames)
                .extracting(WalkedFrame::returnAddress)
                .containsExactly(0x10100L, 0x10200L, 0x10300L, 0x10400L);
        assertThat(frames).extracting(WalkedFrame::instruction).containsExactly(0x10100L, 0x101fcL, 0x102fcL, 0x103fcL);
    }

    @Test
    void cfiRulesComeBeforeTheFramePointer() {
        // the first frame's rules say its caller's frame record is at sp: cfa = sp + 16, ra at cfa - 8
        Map<String, String> rules = Map.of(".cfa", "sp 16 +", ".ra", ".cfa -8 + ^", "x29", ".cfa -16 + ^");
        ModuleSymbols cfi = new ModuleSymbols() {
            @Override
            public Optional<Map<String, String>> cfiAt(long offset) {
                return offset == 0x100 ? Optional.of(rules) : Optional.empty();
            }

            @Override
            public boolean hasFunctionAt(long offset) {
                return true;
            }
        };
        Minidump dump = MinidumpParser.parse(MinidumpBuilder.arm64()
                .module(0x10000, 0x10000, "/system/bin/app", BUILD_ID)
                .stack(STACK, MinidumpBuilder.words(STACK + 0x20, 0x10300, 0, 0, 0, 0))
                .registers(Map.of(29, STACK + 0x40, 30, 0x10200L, 31, STACK, 32, 0x10100L))
                .build());

        List<WalkedFrame> frames = walk(dump, m -> Optional.of(cfi));

        assertThat(frames.get(1).trust()).isEqualTo(FrameTrust.CFI);
        assertThat(frames.get(1).returnAddress()).isEqualTo(0x10300L);
        assertThat(frames.get(1).registers().get("sp")).hasValue(STACK + 16);
        assertThat(frames.get(1).registers().get("x29")).hasValue(STACK + 0x20);
    }

    private static List<WalkedFrame> walk(
            Minidump dump, java.util.function.Function<Minidump.Module, Optional<ModuleSymbols>> symbols) {
        Minidump.DumpThread thread = dump.crashedThread().orElseThrow();
        return StackWalker.walk(dump, thread, dump.crash().orElseThrow().context(), symbols);
    }

    /** pc in app, lr its caller, x29 → a chain of three frame records ending in a zero record. */
    private static byte[] frameChain() {
        byte[] stack = MinidumpBuilder.words(
                0,
                0, // sp: locals
                STACK + 0x30,
                0x10300, // record at +0x10
                0,
                0,
                STACK + 0x50,
                0x10400, // record at +0x30
                0,
                0,
                0,
                0, // record at +0x50: the end
                0,
                0);
        return MinidumpBuilder.arm64()
                .module(0x10000, 0x10000, "/system/bin/app", BUILD_ID)
                .stack(STACK, stack)
                .registers(Map.of(29, STACK + 0x10, 30, 0x10200L, 31, STACK, 32, 0x10100L))
                .build();
    }
}
