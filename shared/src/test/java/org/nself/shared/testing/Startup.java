package org.nself.shared.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nself.shared.config.ConfigurationError;
import org.nself.shared.config.EnvironmentSettings;

/**
 * How a function's start-up ends with given environment variables, on the test database with a plugin
 * secret: its server {@code main} as its own process (what an operator sees), or this module's
 * application context in this JVM (faster, for the many ways a setting can be wrong).
 */
public final class Startup {
    private static final Duration EXIT = Duration.ofSeconds(90);

    private Startup() {}

    /** What a process wrote to stderr, line by line, and its exit code. */
    public record Exit(int code, List<String> stderr) {}

    /** Runs {@code main} from this test classpath with {@code env} and waits for it to end. */
    public static Exit ofServer(Class<?> main, Map<String, String> env) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classPath,
                        main.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        clearSettings(pb.environment());
        pb.environment().put("DATABASE_URL", TestDatabase.get().databaseUrl());
        pb.environment().put("PLUGIN_SECRET", PostgresTest.PLUGIN_SECRET);
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().put("PORT", Integer.toString(freePort()));
        pb.environment().putAll(env);
        try {
            Process process = pb.start();
            if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not stop within " + EXIT + " with " + env);
            }
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Exit(process.exitValue(), stderr.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The one line this module's context stops with when started from {@code env}, read as the server reads
     * it: {@link EnvironmentSettings} first, then Micronaut's own mapping of the variables to properties.
     */
    public static String refusal(Map<String, String> env) {
        Map<String, String> variables = new HashMap<>(env);
        variables.putIfAbsent("PLUGIN_SECRET", PostgresTest.PLUGIN_SECRET);
        variables.put("DATABASE_URL", TestDatabase.get().databaseUrl());
        ApplicationContext context;
        try {
            context = ApplicationContext.builder()
                    .propertySources(PropertySource.of(
                            "env", Map.copyOf(variables), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                    .properties(EnvironmentSettings.fromEnvironment(variables))
                    .properties(Map.of("nself.jobs.enabled", false))
                    .build();
        } catch (ConfigurationError e) {
            return e.getMessage();
        }
        try (context) {
            context.start();
            throw new AssertionError("started with " + env);
        } catch (RuntimeException e) {
            return ConfigurationError.causing(e)
                    .map(Throwable::getMessage)
                    .orElseThrow(() -> new AssertionError("start-up failed, but not on a setting", e));
        }
    }

    /** The default configuration: nothing of the test machine's own settings leaks into a function's environment. */
    public static void clearSettings(Map<String, String> environment) {
        environment
                .keySet()
                .removeIf(k -> k.startsWith("NSELF_")
                        || k.startsWith("HASURA_")
                        || k.startsWith("RATE_LIMIT")
                        || k.startsWith("INGEST_")
                        || k.startsWith("MICRONAUT_")
                        || k.equals("DATABASE_URL"));
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
