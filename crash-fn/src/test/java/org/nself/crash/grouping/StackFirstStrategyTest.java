package org.nself.crash.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nself.crash.grouping.Events.exception;
import static org.nself.crash.grouping.Events.frame;
import static org.nself.crash.grouping.Events.frames;
import static org.nself.crash.grouping.Events.group;
import static org.nself.crash.grouping.Events.payload;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackFirstStrategyTest {

    private static Map<String, Object> nativeCrash(long slide, int line, String templateArg) {
        long base = 0x7f0000000000L + slide;
        return payload(
                "native",
                exception(
                        "SIGSEGV",
                        "Segfault at 0x" + Long.toHexString(base + 0x10),
                        false,
                        frames(
                                frame(
                                        "function",
                                        "main",
                                        "package",
                                        "/opt/game/bin/game",
                                        "instruction_addr",
                                        hex(base + 0x100),
                                        "in_app",
                                        true,
                                        "lineno",
                                        line),
                                frame(
                                        "function",
                                        "Game::run(int, char const*) const",
                                        "package",
                                        "/opt/game/bin/game",
                                        "instruction_addr",
                                        hex(base + 0x200),
                                        "in_app",
                                        true,
                                        "lineno",
                                        line + 10),
                                frame(
                                        "function",
                                        "std::vector<" + templateArg + ">::push_back(" + templateArg + " const&)",
                                        "package",
                                        "/usr/lib/libstdc++.so.6",
                                        "instruction_addr",
                                        hex(base + 0x300),
                                        "in_app",
                                        false),
                                frame(
                                        "function",
                                        "void Renderer::draw<" + templateArg + ">(" + templateArg + "*)",
                                        "package",
                                        "/opt/game/lib/librender.so",
                                        "instruction_addr",
                                        hex(base + 0x400),
                                        "in_app",
                                        true,
                                        "lineno",
                                        line + 20))),
                "debug_meta",
                Map.of(
                        "images",
                        List.of(Map.of(
                                "type",
                                "elf",
                                "image_addr",
                                hex(base),
                                "image_size",
                                0x100000,
                                "code_file",
                                "/opt/game/bin/game"))));
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @Test
    void theSameNativeCrashAtOtherAddressesLinesSlidesAndTemplateArgumentsLandsInOneGroup() {
        Grouping first = group(nativeCrash(0, 10, "int"));
        Grouping second = group(nativeCrash(0x5a3000, 42, "Sprite"));

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(first.groupedBy()).isEqualTo(GroupedBy.STACKTRACE);
        assertThat(first.components()).contains("frame:game|Game::run", "frame:librender.so|Renderer::draw<T>");
        assertThat(first.components()).noneMatch(c -> c.contains("push_back"));
    }

    @Test
    void aCrashAtAnotherSiteLandsInAnotherGroup() {
        Map<String, Object> other = nativeCrash(0, 10, "int");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stack = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                                ((List<?>) ((Map<String, Object>) other.get("exception")).get("values")).get(0))
                        .get("stacktrace"))
                .get("frames");
        stack.set(3, frame("function", "Audio::mix(float*)", "package", "/opt/game/lib/libaudio.so", "in_app", true));

        assertThat(group(other).fingerprint())
                .isNotEqualTo(group(nativeCrash(0, 10, "int")).fingerprint());
    }

    @Test
    void javaCrashesWithOtherLineNumbersAndLambdaNumbersShareAGroup() {
        Grouping first = group(payload(
                "java",
                exception(
                        "java.lang.IllegalStateException",
                        "boom 1",
                        false,
                        frames(
                                frame("module", "com.example.Main", "function", "main", "lineno", 10, "in_app", true),
                                frame(
                                        "module",
                                        "com.example.Worker$1",
                                        "function",
                                        "lambda$run$0",
                                        "lineno",
                                        20,
                                        "in_app",
                                        true),
                                frame(
                                        "module",
                                        "java.util.ArrayList",
                                        "function",
                                        "forEach",
                                        "lineno",
                                        1500,
                                        "in_app",
                                        false)))));
        Grouping second = group(payload(
                "java",
                exception(
                        "java.lang.IllegalStateException",
                        "boom 2",
                        false,
                        frames(
                                frame("module", "com.example.Main", "function", "main", "lineno", 12, "in_app", true),
                                frame(
                                        "module",
                                        "com.example.Worker$2",
                                        "function",
                                        "lambda$run$7",
                                        "lineno",
                                        23,
                                        "in_app",
                                        true),
                                frame(
                                        "module",
                                        "java.util.ArrayList",
                                        "function",
                                        "forEach",
                                        "lineno",
                                        1510,
                                        "in_app",
                                        false)))));

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(first.components()).contains("frame:com.example.Worker$|lambda$run$");
    }

    @Test
    void javaCrashesOfDifferentExceptionTypesAtTheSameSiteAreDifferentGroups() {
        var frames = frames(frame("module", "com.example.Main", "function", "main", "lineno", 10));
        Grouping npe = group(payload("java", exception("java.lang.NullPointerException", "x", false, frames)));
        Grouping ise = group(payload("java", exception("java.lang.IllegalStateException", "x", false, frames)));

        assertThat(npe.fingerprint()).isNotEqualTo(ise.fingerprint());
    }

    @Test
    void cocoaBlocksAndSwiftClosuresLoseTheirNumbers() {
        Grouping first = group(payload(
                "cocoa",
                exception(
                        "EXC_BAD_ACCESS",
                        "KERN_INVALID_ADDRESS at 0x10",
                        false,
                        frames(
                                frame(
                                        "function",
                                        "__30-[AppDelegate application:didFinish:]_block_invoke_2",
                                        "package",
                                        "/private/var/containers/Bundle/Application/A1/App.app/App",
                                        "in_app",
                                        true),
                                frame(
                                        "function",
                                        "closure #1 in ViewController.viewDidLoad()",
                                        "package",
                                        "/private/var/containers/Bundle/Application/A1/App.app/App",
                                        "in_app",
                                        true)))));
        Grouping second = group(payload(
                "cocoa",
                exception(
                        "EXC_BAD_ACCESS",
                        "KERN_INVALID_ADDRESS at 0x7ff3",
                        false,
                        frames(
                                frame(
                                        "function",
                                        "__31-[AppDelegate application:didFinish:]_block_invoke",
                                        "package",
                                        "/private/var/containers/Bundle/Application/B2/App.app/App",
                                        "in_app",
                                        true),
                                frame(
                                        "function",
                                        "closure #3 in ViewController.viewDidLoad()",
                                        "package",
                                        "/private/var/containers/Bundle/Application/B2/App.app/App",
                                        "in_app",
                                        true)))));

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void rustHashesAreStripped() {
        Grouping first = group(payload(
                "native",
                exception(
                        "panic",
                        "oops",
                        false,
                        frames(frame(
                                "function",
                                "game::world::tick::h0123456789abcdef",
                                "package",
                                "/bin/game",
                                "in_app",
                                true)))));
        Grouping second = group(payload(
                "native",
                exception(
                        "panic",
                        "oops",
                        false,
                        frames(frame(
                                "function",
                                "game::world::tick::hfedcba9876543210",
                                "package",
                                "/bin/game",
                                "in_app",
                                true)))));

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void unsymbolicatedNativeFramesUseTheImageAndTheFunctionRelativeOffset() {
        long slideA = 0x7f1000000000L;
        long slideB = 0x7f2000000000L;
        Grouping first = group(payload(
                "native",
                exception(
                        "SIGABRT",
                        "abort",
                        false,
                        frames(frame(
                                "instruction_addr",
                                hex(slideA + 0x1234),
                                "symbol_addr",
                                hex(slideA + 0x1200),
                                "in_app",
                                true))),
                "debug_meta",
                Map.of(
                        "images",
                        List.of(Map.of(
                                "type",
                                "elf",
                                "image_addr",
                                hex(slideA),
                                "image_size",
                                0x10000,
                                "code_file",
                                "/lib/libcrash.so")))));
        Grouping second = group(payload(
                "native",
                exception(
                        "SIGABRT",
                        "abort",
                        false,
                        frames(frame(
                                "instruction_addr",
                                hex(slideB + 0x1234),
                                "symbol_addr",
                                hex(slideB + 0x1200),
                                "in_app",
                                true))),
                "debug_meta",
                Map.of(
                        "images",
                        List.of(Map.of(
                                "type",
                                "elf",
                                "image_addr",
                                hex(slideB),
                                "image_size",
                                0x10000,
                                "code_file",
                                "/lib/libcrash.so")))));

        assertThat(first.components()).containsExactly("type:SIGABRT", "native:libcrash.so+0x34");
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void recursionCollapsesAndOnlyTheFramesNearestTheCrashCount() {
        var deep = frames();
        deep.add(frame("function", "entry", "package", "/bin/app", "in_app", true));
        for (int i = 0; i < 40; i++) {
            deep.add(frame("function", "recurse", "package", "/bin/app", "in_app", true));
        }
        for (int i = 0; i < 20; i++) {
            deep.add(frame("function", "step" + (char) ('a' + i), "package", "/bin/app", "in_app", true));
        }
        Grouping grouping = group(payload("native", exception("SIGSEGV", "x", false, deep)));

        assertThat(grouping.components()).hasSize(1 + StackFirstStrategy.MAX_FRAMES);
        assertThat(grouping.components()).doesNotContain("frame:app|entry", "frame:app|recurse");
    }

    @Test
    void aCustomFingerprintWithDefaultSplitsTheDefaultGroupByTheCustomPart() {
        var frames = frames(frame("module", "com.example.Api", "function", "call", "in_app", true));
        Grouping plain = group(payload("java", exception("java.io.IOException", "x", true, frames)));
        Grouping eu = group(payload(
                "java",
                exception("java.io.IOException", "x", true, frames),
                "fingerprint",
                List.of("{{ default }}", "eu-west")));
        Grouping euAgain = group(payload(
                "java",
                exception("java.io.IOException", "y", true, frames),
                "fingerprint",
                List.of("{{default}}", "eu-west")));
        Grouping us = group(payload(
                "java",
                exception("java.io.IOException", "x", true, frames),
                "fingerprint",
                List.of("{{ default }}", "us-east")));

        assertThat(eu.groupedBy()).isEqualTo(GroupedBy.FINGERPRINT);
        assertThat(eu.components()).containsExactly("default:" + plain.fingerprint(), "custom:eu-west");
        assertThat(euAgain.fingerprint()).isEqualTo(eu.fingerprint());
        assertThat(us.fingerprint()).isNotEqualTo(eu.fingerprint()).isNotEqualTo(plain.fingerprint());
    }

    @Test
    void aCustomFingerprintWithoutDefaultGroupsDifferentStacksTogether() {
        Grouping a = group(payload(
                "java",
                exception("A", "x", true, frames(frame("module", "a.A", "function", "a"))),
                "fingerprint",
                List.of("database-down")));
        Grouping b = group(payload(
                "java",
                exception("B", "y", true, frames(frame("module", "b.B", "function", "b"))),
                "fingerprint",
                List.of("database-down")));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void anEmptyFingerprintMeansTheDefaultGrouping() {
        var frames = frames(frame("module", "com.example.Main", "function", "main"));
        Grouping plain = group(payload("java", exception("E", "x", false, frames)));
        Grouping empty = group(payload("java", exception("E", "x", false, frames), "fingerprint", List.of()));

        assertThat(empty.fingerprint()).isEqualTo(plain.fingerprint());
        assertThat(empty.groupedBy()).isEqualTo(GroupedBy.STACKTRACE);
    }

    @Test
    void withoutAStackTheExceptionTypeAndValueGroupIgnoringAddressesAndNumbers() {
        Grouping first =
                group(payload("native", Map.of("type", "OOM", "value", "failed to allocate 4096 bytes at 0x7fff10")));
        Grouping second =
                group(payload("native", Map.of("type", "OOM", "value", "failed to allocate 8192 bytes at 0x7aaa20")));

        assertThat(first.groupedBy()).isEqualTo(GroupedBy.EXCEPTION);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void everyGroupingNamesTheStrategyVersionThatMadeIt() {
        Grouping grouping = group(nativeCrash(0, 1, "int"));

        assertThat(grouping.strategyVersion())
                .isEqualTo(StackFirstStrategy.VERSION)
                .isEqualTo(GroupingStrategies.current().version());
    }
}
