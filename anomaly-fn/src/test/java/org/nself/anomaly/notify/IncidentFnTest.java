package org.nself.anomaly.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestDatabase;
import org.nself.shared.testing.TestHttp;

/**
 * anomaly-fn and the real incident-fn running side by side on one database: incident-fn is started as
 * its own process (its jar, or its classes in a build that stops before {@code package}; see the pom),
 * with its own migrations and its own plugin secret, and anomaly-fn's {@link IncidentTarget} points
 * at it. What happened is read through incident-fn's own API.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentFnTest implements PostgresTest {
    static final String INCIDENT_SECRET = "incident-fn-secret-0123456789";
    static final int INCIDENT_PORT = freePort();

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    org.nself.shared.jobs.ScheduledJobs jobs;

    Process incidentFn;
    Path log;
    TestHttp incidents;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.anomaly.incident.url",
                "http://127.0.0.1:" + INCIDENT_PORT,
                "nself.anomaly.incident.token",
                INCIDENT_SECRET);
    }

    @BeforeAll
    void startIncidentFn() throws IOException {
        String location = System.getProperty("nself.test.incident-fn", "");
        assertThat(location)
                .as("incident-fn's jar or classes (set by the pom: mvn -pl anomaly-fn -am verify)")
                .isNotBlank()
                .doesNotContain("${");
        log = Files.createTempFile("incident-fn", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath(Path.of(location)),
                        "org.nself.incident.Application")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        TestDatabase.Connection db = TestDatabase.get();
        Map<String, String> env = pb.environment();
        env.put("DATABASE_URL", withCredentials(db));
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(INCIDENT_PORT));
        env.put("PLUGIN_SECRET", INCIDENT_SECRET);
        env.put("RATE_LIMIT_MAX", "0");
        env.put("LOG_FORMAT", "text");
        incidentFn = pb.start();
        incidents = new TestHttp(url("http://127.0.0.1:" + INCIDENT_PORT));
        try {
            Eventually.await(Duration.ofSeconds(90), () -> {
                assertThat(incidentFn.isAlive()).as("incident-fn is running").isTrue();
                try {
                    return incidents.get("/ready", Map.of()).status() == 200;
                } catch (UncheckedIOException notYet) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; incident-fn's log:\n" + Files.readString(log), e);
        }
    }

    @AfterAll
    void stopIncidentFn() throws InterruptedException {
        if (incidentFn != null) {
            incidentFn.destroy();
            if (!incidentFn.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                incidentFn.destroyForcibly();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOpenedAnomalyOpensOneIncidentInIncidentFnAndLaterPointsOfItOpenNoOther() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp anomalies = new TestHttp(server.getURL());
        assertThat(anomalies
                        .send(
                                "POST",
                                "/api/v1/detectors",
                                TestHttp.asAccount(account),
                                "{\"id\":\"checkout-latency\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}")
                        .status())
                .isEqualTo(201);

        // one point opens an anomaly
        UUID first = ingest(anomalies, account, 50, "2026-01-01T00:00:00Z");
        assertThat(first).isNotNull();
        Map<String, Object> anomaly = read(anomalies.get("/api/v1/anomalies/" + first, TestHttp.asAccount(account)));
        String severity = (String) anomaly.get("severity");

        List<Map<String, Object>> opened = awaitIncidents(account, 1);
        Map<String, Object> incident = opened.get(0);
        assertThat(incident)
                .containsEntry("dedup_key", "anomaly-" + first)
                .containsEntry("severity", incidentSeverity(severity))
                .containsEntry("status", "triggered")
                .containsEntry("source", "events_api");
        assertThat((String) incident.get("title")).startsWith("Anomaly on checkout-latency: 50.0 (expected about");
        assertThat((Map<String, Object>) incident.get("labels"))
                .containsEntry("source", "nself-anomaly/checkout-latency")
                .containsEntry("component", "checkout-latency");

        // a second point of the same anomaly notifies nothing more
        assertThat(ingest(anomalies, account, 60, "2026-01-01T00:01:00Z")).isEqualTo(first);
        // a normal point closes it, and the next breach opens a second anomaly: the marker that the
        // notifications sent after the first anomaly's second point have all arrived
        assertThat(ingest(anomalies, account, 5, "2026-01-01T00:02:00Z")).isNull();
        UUID second = ingest(anomalies, account, 70, "2026-01-01T00:03:00Z");
        assertThat(second).isNotNull().isNotEqualTo(first);

        List<Map<String, Object>> both = awaitIncidents(account, 2);
        assertThat(both)
                .extracting(i -> i.get("dedup_key"))
                .containsExactlyInAnyOrder("anomaly-" + first, "anomaly-" + second);
        // the first incident got exactly one events API alert: the second point sent no trigger
        List<Map<String, Object>> timeline = list(
                incidents.get("/api/v1/incidents/" + incident.get("id") + "/timeline", asIncidentAccount(account)));
        assertThat(timeline).filteredOn(e -> "alert".equals(e.get("kind"))).hasSize(1);
    }

    /** What IncidentTarget sends (PagerDuty severity) becomes this incident severity in incident-fn. */
    static String incidentSeverity(String anomalySeverity) {
        return switch (anomalySeverity) {
            case "critical" -> "SEV1";
            case "high" -> "SEV2";
            case "medium" -> "SEV3";
            default -> "SEV4";
        };
    }

    private UUID ingest(TestHttp anomalies, String account, double value, String timestamp) {
        TestHttp.Response r = anomalies.send(
                "POST",
                "/api/v1/ingest",
                TestHttp.asAccount(account),
                "{\"detector_id\":\"checkout-latency\",\"value\":" + value + ",\"timestamp\":\"" + timestamp + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) read(r).get("points");
        assertThat(points).hasSize(1);
        Object id = points.get(0).get("anomaly_id");
        return id == null ? null : UUID.fromString((String) id);
    }

    /**
     * Runs the delivery job (what the server's scheduler or EventBridge does every few seconds) until the
     * account has this many incidents (bounded).
     */
    private List<Map<String, Object>> awaitIncidents(String account, int count) {
        List<List<Map<String, Object>>> seen = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(30), () -> {
            jobs.find("anomaly-notifications").orElseThrow().run(java.time.Instant.now());
            List<Map<String, Object>> now = list(incidents.get("/api/v1/incidents", asIncidentAccount(account)));
            seen.add(0, now);
            return now.size() >= count;
        });
        return seen.get(0);
    }

    private static Map<String, String> asIncidentAccount(String account) {
        return Map.of("Authorization", "Bearer " + INCIDENT_SECRET, "X-App-Name", account);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) read(r).get("data");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            return json.readValue(r.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * incident-fn's jar is a runnable fat jar and runs alone; its classes (a build stopped before
     * package) run with this JVM's class path minus anomaly-fn's classes and the test-only jars.
     */
    private static String classpath(Path incidentFn) {
        if (Files.isRegularFile(incidentFn)) {
            return incidentFn.toString();
        }
        Path own = Path.of(URI.create(IncidentTarget.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toString()))
                .toAbsolutePath()
                .normalize();
        Set<String> skip =
                Set.of(own.toString(), own.resolveSibling("test-classes").toString());
        String rest = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(e ->
                        !skip.contains(Path.of(e).toAbsolutePath().normalize().toString()))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        return incidentFn + File.pathSeparator + rest;
    }

    /** DATABASE_URL for the second process: the test database's JDBC URL with its credentials in it. */
    private static String withCredentials(TestDatabase.Connection db) {
        String sep = db.jdbcUrl().contains("?") ? "&" : "?";
        return db.jdbcUrl() + sep + "user=" + URLEncoder.encode(db.username(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(db.password(), StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(String s) {
        try {
            return URI.create(s).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
