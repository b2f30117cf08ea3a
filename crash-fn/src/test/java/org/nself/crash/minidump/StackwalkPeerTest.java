package org.nself.crash.minidump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nself.crash.symbolication.BreakpadSymbols;
import org.nself.crash.symbolication.SourceFrame;

/**
 * The parser and the walker against Breakpad's own {@code minidump_stackwalk} on real minidumps: C++
 * programs built here with gcc crash under Breakpad's in-process ExceptionHandler (with frame pointers
 * at several call depths, with {@code -fomit-frame-pointer}, and inside a shared library), their
 * {@code .sym} files come from {@code dump_syms}, and the crashed thread's stack must match frame for
 * frame: module, function, line, how the frame was found, and for unsymbolicated frames the module
 * offset of the return address. With symbols the walk goes by CFI; without, by frame pointers and
 * stack scanning.
 */
@Tag("peer")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StackwalkPeerTest {
    static final String PROGRAM = String.join(
            "\n",
            "#include \"client/linux/handler/exception_handler.h\"",
            "#include <cstdio>",
            "#include <cstdlib>",
            "extern \"C\" int step_a(int n);",
            "extern \"C\" int lib_enter(int n);",
            "static bool done(const google_breakpad::MinidumpDescriptor& d, void*, bool ok) {",
            "  printf(\"%s\\n\", d.path()); fflush(stdout); return ok; }",
            "extern \"C\" __attribute__((noinline)) int crash_here(volatile int* p, int n) { *p = n; return n + 1; }",
            "extern \"C\" __attribute__((noinline)) int step_b(int n) {",
            "  if (n <= 0) return crash_here(nullptr, n) + 1;",
            "  int r = step_a(n - 1); return r + n; }",
            "extern \"C\" __attribute__((noinline)) int step_a(int n) { int r = step_b(n); return r * 3 + 1; }",
            "int main(int argc, char** argv) {",
            "  google_breakpad::MinidumpDescriptor desc(argv[1]);",
            "  google_breakpad::ExceptionHandler eh(desc, nullptr, done, nullptr, true, -1);",
            "  int depth = atoi(argv[2]);",
            "#ifdef IN_LIBRARY",
            "  return lib_enter(depth);",
            "#else",
            "  return step_a(depth);",
            "#endif",
            "}",
            "");
    private static final String LIBRARY = String.join(
            "\n",
            "extern \"C\" __attribute__((noinline)) int lib_crash(volatile int* p, int n) { *p = n; return n; }",
            "extern \"C\" int lib_enter(int n);",
            "extern \"C\" __attribute__((noinline)) int lib_recurse(int n) {",
            "  if (n <= 0) return lib_crash(nullptr, 5) + 2;",
            "  int r = lib_enter(n - 1); return r + n; }",
            "extern \"C\" __attribute__((noinline)) int lib_enter(int n) { int r = lib_recurse(n); return r * 5 + 1; }",
            "");
    private static final List<String> NO_TAIL_CALLS = List.of("-fno-inline", "-fno-optimize-sibling-calls");

    @TempDir
    static Path dir;

    private BreakpadTools tools;
    private Path withFramePointers;
    private Path withoutFramePointers;
    private Path inLibrary;
    private Path symbols;

    @BeforeAll
    void buildPrograms() throws Exception {
        tools = BreakpadTools.locate();
        Path source = dir.resolve("crash.cc");
        Files.writeString(source, PROGRAM);
        Path libSource = dir.resolve("crashlib.cc");
        Files.writeString(libSource, LIBRARY);
        symbols = dir.resolve("symbols");

        withFramePointers = dir.resolve("fp/crash");
        Files.createDirectories(withFramePointers.getParent());
        tools.compile(withFramePointers, source, flags("-O1", "-fno-omit-frame-pointer"), List.of());
        tools.dumpSyms(withFramePointers, symbols);

        withoutFramePointers = dir.resolve("omit/crash_omit");
        Files.createDirectories(withoutFramePointers.getParent());
        tools.compile(withoutFramePointers, source, flags("-O2", "-fomit-frame-pointer"), List.of());
        tools.dumpSyms(withoutFramePointers, symbols);

        Path libDir = dir.resolve("lib");
        Files.createDirectories(libDir);
        Path library = libDir.resolve("libcrashlib.so");
        List<String> libCmd = new ArrayList<>(List.of("g++", "-g", "-O1", "-fPIC", "-shared"));
        libCmd.addAll(NO_TAIL_CALLS);
        libCmd.addAll(List.of("-o", library.toString(), libSource.toString()));
        BreakpadTools.run(libDir, libCmd);
        tools.dumpSyms(library, symbols);
        inLibrary = libDir.resolve("crash_lib");
        tools.compile(
                inLibrary,
                source,
                flags("-O1", "-DIN_LIBRARY"),
                List.of("-L" + libDir, "-lcrashlib", "-Wl,-rpath," + libDir));
        tools.dumpSyms(inLibrary, symbols);
    }

    private static List<String> flags(String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(NO_TAIL_CALLS);
        return all;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 12})
    void framePointerProgramWalksAsStackwalkDoesWithSymbols(int depth) throws Exception {
        Path dump = tools.crash(withFramePointers, dir.resolve("dumps-fp-" + depth), String.valueOf(depth));

        List<String> expected = breakpad(dump, symbols);

        assertThat(expected.get(0)).startsWith("crash|crash_here|8|context");
        assertThat(expected.stream().filter(f -> f.startsWith("crash|step_a|")).count())
                .isEqualTo(depth + 1);
        assertThat(ours(dump, symbols)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void framePointerProgramWalksAsStackwalkDoesWithoutSymbols(int depth) throws Exception {
        Path dump = tools.crash(withFramePointers, dir.resolve("dumps-fp-nosym-" + depth), String.valueOf(depth));

        List<String> expected = breakpad(dump, null);

        assertThat(expected).anyMatch(f -> f.contains("|fp|"));
        assertThat(ours(dump, null)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6})
    void programWithoutFramePointersWalksByCfiAsStackwalkDoes(int depth) throws Exception {
        Path dump = tools.crash(withoutFramePointers, dir.resolve("dumps-omit-" + depth), String.valueOf(depth));

        List<String> expected = breakpad(dump, symbols);

        assertThat(expected.get(0)).startsWith("crash_omit|crash_here|");
        assertThat(expected.subList(1, depth + 2)).allMatch(f -> f.endsWith("|cfi"));
        assertThat(ours(dump, symbols)).containsExactlyElementsOf(expected);
    }

    @Test
    void programWithoutFramePointersOrSymbolsIsScannedAsStackwalkDoes() throws Exception {
        Path dump = tools.crash(withoutFramePointers, dir.resolve("dumps-omit-nosym"), "4");

        List<String> expected = breakpad(dump, null);

        assertThat(expected).anyMatch(f -> f.contains("|scan|"));
        assertThat(ours(dump, null)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void crashInASharedLibraryWalksThroughItAsStackwalkDoes(int depth) throws Exception {
        Path dump = tools.crash(inLibrary, dir.resolve("dumps-lib-" + depth), String.valueOf(depth));

        List<String> expected = breakpad(dump, symbols);

        assertThat(expected.get(0)).startsWith("libcrashlib.so|lib_crash|");
        assertThat(expected).anyMatch(f -> f.startsWith("crash_lib|main|"));
        assertThat(ours(dump, symbols)).containsExactlyElementsOf(expected);
    }

    @Test
    void modulesAndDebugIdsAreThoseStackwalkLists() throws Exception {
        Path dump = tools.crash(inLibrary, dir.resolve("dumps-modules"), "1");
        List<String> expected = new ArrayList<>();
        for (String line : tools.stackwalk(dump, symbols, true).split("\n")) {
            if (line.startsWith("Module|")) {
                String[] f = line.split("\\|", -1);
                expected.add(f[1] + " " + f[4] + " " + f[5] + " " + f[6]);
            }
        }

        Minidump parsed = MinidumpParser.parse(Files.readAllBytes(dump));
        List<String> actual = parsed.modules().stream()
                .map(m -> basename(m.codeFile()) + " " + m.breakpadId() + " 0x" + Long.toHexString(m.base()) + " 0x"
                        + Long.toHexString(m.base() + m.size() - 1))
                .toList();

        assertThat(expected).anyMatch(m -> m.startsWith("libcrashlib.so "));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(parsed.system().arch()).isEqualTo(Arch.AMD64);
        assertThat(parsed.system().os()).isEqualTo("Linux");
        assertThat(parsed.crash()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(11)); // SIGSEGV
    }

    /** minidump_stackwalk's crashed thread: module|function|line|trust|offset per frame. */
    private List<String> breakpad(Path dump, Path symbolDir) throws Exception {
        String machine = tools.stackwalk(dump, symbolDir, true);
        String human = tools.stackwalk(dump, symbolDir, false);
        String crashedThread = null;
        List<String[]> rows = new ArrayList<>();
        for (String line : machine.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f[0].equals("Crash")) {
                crashedThread = f[3];
            } else if (crashedThread != null && f[0].equals(crashedThread) && f.length == 7) {
                rows.add(f);
            }
        }
        List<String> trusts = new ArrayList<>();
        boolean inCrashed = false;
        for (String line : human.split("\n")) {
            if (line.startsWith("Thread ")) {
                inCrashed = line.contains("(crashed)");
            } else if (inCrashed && line.strip().startsWith("Found by: ")) {
                String phrase = line.strip().substring("Found by: ".length());
                trusts.add(trustWord(phrase));
            }
        }
        assertThat(trusts).hasSameSizeAs(rows);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] f = rows.get(i);
            String offset = f[3].isEmpty() ? f[6] : "";
            frames.add(f[2] + "|" + f[3] + "|" + f[5] + "|" + trusts.get(i) + (offset.isEmpty() ? "" : "|" + offset));
        }
        return frames;
    }

    private static String trustWord(String phrase) {
        for (FrameTrust t : FrameTrust.values()) {
            if (t.breakpadPhrase().equals(phrase)) {
                return t.wire();
            }
        }
        return phrase;
    }

    /** Our walk of the same dump, written the same way. */
    private List<String> ours(Path dump, Path symbolDir) throws Exception {
        Minidump parsed = MinidumpParser.parse(Files.readAllBytes(dump));
        Minidump.DumpThread thread = parsed.crashedThread().orElseThrow();
        Map<Minidump.Module, BreakpadSymbols> functions = new HashMap<>();
        List<WalkedFrame> walked = StackWalker.walk(
                parsed, thread, parsed.crash().orElseThrow().context(), m -> load(m, symbolDir, functions));
        List<String> frames = new ArrayList<>();
        for (WalkedFrame frame : walked) {
            Minidump.Module m = frame.module();
            String module = m == null ? "" : basename(m.codeFile());
            List<SourceFrame> source = m == null || !functions.containsKey(m)
                    ? List.of()
                    : functions.get(m).lookup(frame.instruction() - m.base());
            String function = source.isEmpty() ? "" : source.get(0).function();
            String line = source.isEmpty() || source.get(0).line() == 0
                    ? ""
                    : String.valueOf(source.get(0).line());
            String offset = "";
            if (function.isEmpty()) {
                offset = "|0x" + Long.toHexString(frame.returnAddress() - (m == null ? 0 : m.base()));
            }
            frames.add(
                    module + "|" + function + "|" + line + "|" + frame.trust().wire() + offset);
        }
        return frames;
    }

    private static Optional<ModuleSymbols> load(
            Minidump.Module m, Path symbolDir, Map<Minidump.Module, BreakpadSymbols> functions) {
        if (symbolDir == null) {
            return Optional.empty();
        }
        String name = basename(m.codeFile());
        Path file = symbolDir.resolve(name).resolve(m.breakpadId()).resolve(name + ".sym");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            BreakpadModuleSymbols s = BreakpadModuleSymbols.parse(Files.readAllBytes(file));
            functions.put(m, s.functions());
            return Optional.of(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
