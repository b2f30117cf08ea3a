package org.nself.crash.minidump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Breakpad tools of npm {@code minidump@0.26.0} (installed by {@code .ci/run} into
 * {@code ~/.cache/nself-peers/minidump}, or where {@code -Dnself.minidump.package} says): its prebuilt
 * {@code dump_syms} and {@code minidump_stackwalk}, and Breakpad's Linux client built from its source
 * (once, into {@code ~/.cache/nself-peers/minidump/breakpad-build}) so that test programs write real
 * minidumps when they crash. Missing tools fail the test.
 */
final class BreakpadTools {
    final Path pkg;
    final Path build;

    private BreakpadTools(Path pkg, Path build) {
        this.pkg = pkg;
        this.build = build;
    }

    static BreakpadTools locate() throws Exception {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "nself-peers", "minidump");
        Path pkg = Path.of(System.getProperty(
                "nself.minidump.package",
                cache.resolve("node_modules").resolve("minidump").toString()));
        if (!Files.isRegularFile(pkg.resolve("bin/linux-x64/minidump_stackwalk"))) {
            throw new IllegalStateException("npm minidump@0.26.0 is not installed at " + pkg + " (run .ci/run)");
        }
        for (String tool : List.of("dump_syms", "minidump_stackwalk", "minidump_dump")) {
            pkg.resolve("bin/linux-x64").resolve(tool).toFile().setExecutable(true);
        }
        BreakpadTools tools = new BreakpadTools(pkg, cache.resolve("breakpad-build"));
        tools.buildClient();
        return tools;
    }

    Path tool(String name) {
        return pkg.resolve("bin/linux-x64").resolve(name);
    }

    Path clientLibrary() {
        return build.resolve("src/client/linux/libbreakpad_client.a");
    }

    /** Breakpad's Linux client library, built from the package's source unless already built. */
    private void buildClient() throws Exception {
        if (Files.isRegularFile(clientLibrary())) {
            return;
        }
        Files.createDirectories(build);
        Path breakpad = pkg.resolve("deps/breakpad");
        run(
                build,
                List.of(
                        "env",
                        "CPPFLAGS=-I" + pkg.resolve("deps"),
                        breakpad.resolve("configure").toString()));
        // -Werror breaks exception_handler.cc with this gcc
        run(build, List.of("make", "-j2", "CXXFLAGS=-g -O2 -Wno-error", "src/client/linux/libbreakpad_client.a"));
    }

    /** Compiles a crashing C++ program that installs Breakpad's ExceptionHandler. */
    void compile(Path out, Path source, List<String> flags, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("g++", "-g"));
        cmd.addAll(flags);
        cmd.addAll(List.of(
                "-I" + pkg.resolve("deps/breakpad/src"),
                "-I" + pkg.resolve("deps"),
                "-o",
                out.toString(),
                source.toString()));
        cmd.addAll(extra);
        cmd.addAll(List.of(clientLibrary().toString(), "-lpthread"));
        run(out.getParent(), cmd);
    }

    /** Runs a program that crashes and returns the minidump its handler wrote (the path it prints). */
    Path crash(Path program, Path dumps, String... args) throws Exception {
        Files.createDirectories(dumps);
        List<String> cmd = new ArrayList<>(List.of(program.toString(), dumps.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", program.getParent().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            if (line.endsWith(".dmp")) {
                return Path.of(line.strip());
            }
        }
        throw new IllegalStateException(program + " wrote no minidump: " + out);
    }

    /** {@code dump_syms} of a binary, stored as {@code symbols/<name>/<id>/<name>.sym}. */
    Path dumpSyms(Path binary, Path symbols) throws Exception {
        String sym = run(binary.getParent(), List.of(tool("dump_syms").toString(), binary.toString()));
        String[] module = sym.substring(0, sym.indexOf('\n')).split(" ");
        Path file = symbols.resolve(module[4]).resolve(module[3]).resolve(module[4] + ".sym");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sym);
        return file;
    }

    String stackwalk(Path dump, Path symbols, boolean machine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool("minidump_stackwalk").toString()));
        if (machine) {
            cmd.add("-m");
        }
        cmd.add(dump.toString());
        if (symbols != null) {
            cmd.add(symbols.toString());
        }
        return run(dump.getParent(), cmd);
    }

    static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path err = Files.createTempFile("breakpad", ".err");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(err.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(err));
        }
        Files.deleteIfExists(err);
        return out;
    }
}
