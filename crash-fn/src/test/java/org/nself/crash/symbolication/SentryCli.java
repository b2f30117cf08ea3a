package org.nself.crash.symbolication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real sentry-cli binary that npm {@code @sentry/cli@3.8.0} ships (installed by {@code .ci/run} under
 * {@code ~/.cache/nself-peers/sentry-cli}, or named by {@code -Dnself.test.sentry-cli=}), run as a process.
 * A missing binary fails the test: peer tests run only under {@code -Dpeers}, where it must be there.
 */
final class SentryCli {
    static final String VERSION = "3.8.0";

    record Run(int exitCode, String output) {}

    private final Path binary;

    private SentryCli(Path binary) {
        this.binary = binary;
    }

    static SentryCli find() {
        String named = System.getProperty("nself.test.sentry-cli", "");
        Path binary = named.isBlank()
                ? Path.of(
                        System.getProperty("user.home"),
                        ".cache/nself-peers/sentry-cli/node_modules/@sentry/cli-linux-x64/bin/sentry-cli")
                : Path.of(named);
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("sentry-cli " + VERSION + " is not installed at " + binary
                    + ": run .ci/run, or npm install --prefix ~/.cache/nself-peers/sentry-cli @sentry/cli@" + VERSION);
        }
        return new SentryCli(binary);
    }

    /** Runs {@code sentry-cli args…} with {@code env} added, and waits for it (at most two minutes). */
    Run run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        // no ~/.sentryclirc, no update check, nothing of the machine's own Sentry settings
        builder.environment().keySet().removeIf(k -> k.startsWith("SENTRY_"));
        builder.environment().put("HOME", workDir.toString());
        builder.environment().put("SENTRY_DISABLE_UPDATE_CHECK", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("sentry-cli did not finish: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
