package org.nself.shared.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real PostgreSQL every test of this JVM talks to, chosen once:
 * {@code TEST_JDBC_URL} (+ {@code TEST_JDBC_USER}, {@code TEST_JDBC_PASSWORD}) when set; else
 * Testcontainers' PostgreSQL when a Docker engine is reachable; else an embedded PostgreSQL
 * (zonky) started inside this JVM. Tests must not assume empty tables: each uses its own account.
 */
public final class TestDatabase {
    private static volatile Connection instance;

    private TestDatabase() {}

    /** Where and how to connect. */
    public record Connection(String jdbcUrl, String username, String password, String kind) {
        public Map<String, String> properties() {
            return Map.of(
                    "datasources.default.url", jdbcUrl,
                    "datasources.default.username", username,
                    "datasources.default.password", password);
        }

        /** DATABASE_URL for a function started as it is in production: the JDBC URL with the credentials in it. */
        public String databaseUrl() {
            String sep = jdbcUrl.contains("?") ? "&" : "?";
            return jdbcUrl + sep + "user=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
        }
    }

    public static Connection get() {
        Connection c = instance;
        if (c == null) {
            synchronized (TestDatabase.class) {
                c = instance;
                if (c == null) {
                    c = start();
                    instance = c;
                }
            }
        }
        return c;
    }

    private static Connection start() {
        String url = System.getenv("TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(
                    url,
                    System.getenv().getOrDefault("TEST_JDBC_USER", "postgres"),
                    System.getenv().getOrDefault("TEST_JDBC_PASSWORD", ""),
                    "TEST_JDBC_URL");
        }
        if (dockerEngineReachable()) {
            return ContainerDatabase.start();
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the data directory is temporary
                }
            }));
            return new Connection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", "embedded");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start an embedded PostgreSQL; set TEST_JDBC_URL to a running server (see README)", e);
        }
    }

    /** Only ask Testcontainers when an engine could be there, so machines without one log nothing. */
    static boolean dockerEngineReachable() {
        boolean candidate = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return candidate && ContainerDatabase.dockerAvailable();
    }
}
