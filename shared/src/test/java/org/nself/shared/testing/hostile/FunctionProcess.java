package org.nself.shared.testing.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.Startup;
import org.nself.shared.testing.TestDatabase;

/**
 * A function's packaged jar running as its own process, as its container image runs it: {@code java
 * -jar} with the image's {@code JAVA_TOOL_OPTIONS} and heap ({@link ContainerImage}), on the test
 * database, in the default configuration (a plugin secret, no JWT secret). Its resident memory is read
 * from {@code /proc}.
 */
public final class FunctionProcess implements AutoCloseable {
    public static final String PLUGIN_SECRET = "hostile-plugin-secret-0123456789";
    private static final Duration START = Duration.ofSeconds(120);

    private final Path jar;
    private final ContainerImage image;
    private final Path log;
    private Process process;
    private int port;

    private FunctionProcess(Path jar, ContainerImage image, Path log) {
        this.jar = jar;
        this.image = image;
        this.log = log;
    }

    /** Starts the jar and waits until {@code /ready} answers 200. */
    public static FunctionProcess start(Path jar, ContainerImage image) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(
                    jar + " is not built: the hostile suite runs after package (mvn -Phostile verify)");
        }
        try {
            FunctionProcess p =
                    new FunctionProcess(jar, image, Files.createTempFile("hostile-" + image.module(), ".log"));
            p.launch();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        port = Startup.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(image.jvmArguments());
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        Startup.clearSettings(env);
        env.put("JAVA_TOOL_OPTIONS", image.javaToolOptions());
        env.put("DATABASE_URL", TestDatabase.get().databaseUrl());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        env.put("PLUGIN_SECRET", PLUGIN_SECRET);
        env.put("LOG_FORMAT", "text");
        process = pb.start();
        try {
            Eventually.await(START, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError(image.module() + " exited with " + process.exitValue());
                }
                return ready();
            });
        } catch (AssertionError e) {
            close();
            throw new AssertionError(e.getMessage() + "; its log:\n" + logTail(20_000), e);
        }
    }

    /** Stops this process (if it still runs) and starts a fresh one on a new port. */
    public void restart() {
        close();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public ContainerImage image() {
        return image;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code atMost} for the process to end. */
    public void awaitExit(Duration atMost) {
        try {
            process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exit code once ended, else null. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public boolean ready() {
        return Hostile.send(this, "GET", "/ready", Map.of(), null, Duration.ofSeconds(10))
                        .status()
                == 200;
    }

    /** Resets the peak resident set size ({@code VmHWM}) so that the next reading covers what follows. */
    public void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/" + process.pid() + "/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: the reading then covers the whole life of the process
        }
    }

    /** Peak resident set size in bytes since the last reset; -1 when unknown (process gone, not Linux). */
    public long peakRssBytes() {
        return status("VmHWM:");
    }

    /** Resident set size in bytes now; -1 when unknown. */
    public long rssBytes() {
        return status("VmRSS:");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public String logTail(int chars) {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.length() <= chars ? all : all.substring(all.length() - chars);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
