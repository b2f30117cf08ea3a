package org.nself.crash.minidump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, the parser answers a {@link Minidump} or its own refusal, and a parsed dump
 * walks without failing: random bytes, and valid dumps (x86_64 and arm64) with bytes overwritten,
 * including the counts and offsets of their directory and lists.
 */
class HostileMinidumpTest {
    private static final byte[] BUILD_ID = HexFormat.of().parseHex("8899aabbccddeeff0011223344556677");
    private static final byte[] ARM64 = MinidumpBuilder.arm64()
            .module(0x10000, 0x10000, "app", BUILD_ID)
            .stack(0x7000_0000L, MinidumpBuilder.words(0x7000_0010L, 0x10300, 0x7000_0020L, 0x10400, 0, 0))
            .registers(Map.of(29, 0x7000_0000L, 30, 0x10200L, 31, 0x7000_0000L, 32, 0x10100L))
            .build();
    private static final byte[] AMD64 = MinidumpBuilder.amd64()
            .module(0x400000, 0x10000, "app", BUILD_ID)
            .stack(0x7ff0_0000L, MinidumpBuilder.words(0x7ff0_0010L, 0x400300, 0x7ff0_0020L, 0x400400, 0, 0x400500))
            .registers(Map.of(4, 0x7ff0_0000L, 5, 0x7ff0_0000L, 16, 0x400100L))
            .build();

    @Test
    void theSeedsAreValidDumps() {
        assertThat(walk(MinidumpParser.parse(ARM64))).hasSizeGreaterThan(1);
        assertThat(walk(MinidumpParser.parse(AMD64))).hasSizeGreaterThan(1);
    }

    @Test
    void somethingElseIsRefusedByName() {
        assertThatThrownBy(() -> MinidumpParser.parse("PK\u0003\u0004 not a dump".getBytes()))
                .isInstanceOf(MinidumpException.class)
                .hasMessageContaining("no MDMP signature");
    }

    @Test
    void aCountPastItsStreamIsRefused() {
        byte[] dump = ARM64.clone();
        int moduleList = (int) new DumpBytes(dump).u32(32 + 12 + 8);
        dump[moduleList + 3] = 0x7f; // 2 billion modules

        assertThatThrownBy(() -> MinidumpParser.parse(dump))
                .isInstanceOf(MinidumpException.class)
                .hasMessageContaining("ModuleList has an invalid count");
    }

    @Property(tries = 300)
    void randomBytesAreAMinidumpOrRefused(@ForAll @Size(max = 2048) byte[] bytes) {
        parseAndWalk(bytes);
    }

    @Property(tries = 1500)
    void mutatedDumpsAreParsedAndWalkedOrRefused(@ForAll("mutated") byte[] dump) {
        parseAndWalk(dump);
    }

    @Property(tries = 300)
    void cfiRulesOfAnyTextNeverFail(@ForAll String text, @ForAll long offset) {
        CfiRules cfi = CfiRules.fromSymbolFile("STACK CFI INIT 0 ffff " + text + "\nSTACK CFI 10 " + text + "\n");
        cfi.rulesAt(offset & 0xffff).ifPresent(rules -> rules.values()
                .forEach(e -> Postfix.evaluate(e, Map.of("sp", offset), StackMemory.NONE)));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> seed = Arbitraries.of(ARM64, AMD64);
        Arbitrary<List<Integer>> positions =
                Arbitraries.integers().between(0, AMD64.length).list().ofMaxSize(8);
        Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(8);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, AMD64.length + 1);
        return Combinators.combine(seed, positions, values, cut).as((s, p, v, c) -> {
            byte[] out = s.clone();
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i) < out.length) {
                    out[p.get(i)] = v.get(i);
                }
            }
            return c < out.length && c % 3 == 0 ? java.util.Arrays.copyOf(out, c) : out;
        });
    }

    private static void parseAndWalk(byte[] bytes) {
        Minidump dump;
        try {
            dump = MinidumpParser.parse(bytes);
        } catch (MinidumpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(walk(dump).size()).isLessThanOrEqualTo(StackWalker.MAX_FRAMES);
    }

    private static List<WalkedFrame> walk(Minidump dump) {
        Optional<Minidump.DumpThread> thread = dump.crashedThread();
        if (thread.isEmpty()) {
            return List.of();
        }
        Registers context = dump.crash()
                .map(Minidump.ExceptionInfo::context)
                .orElse(thread.get().context());
        return StackWalker.walk(dump, thread.get(), context, m -> Optional.empty());
    }
}
