package org.nself.incident.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * The real Alertmanager from Debian (package prometheus-alertmanager) delivers its webhook to
 * incident-fn: alerts posted to Alertmanager open one incident that collects both of them, and
 * resolving them resolves it. Runs with {@code mvn -Dpeers verify}; fails when the peer is missing.
 */
@Tag("peer")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertmanagerPeerTest implements PostgresTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    EmbeddedServer server;

    private Process alertmanager;
    private Path workDir;

    @AfterAll
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.destroy();
        }
    }

    @Test
    void alertsPostedToTheRealAlertmanagerOpenOneIncidentThatResolvesWithThem() throws Exception {
        Api api = new Api(server.getURL(), Api.freshAccount());
        int port = freePort();
        startAlertmanager(api.account(), port);
        TestHttp am = new TestHttp(new java.net.URL("http://127.0.0.1:" + port));
        waitFor(() -> am.get("/-/ready", Map.of()).status() == 200, "Alertmanager to be ready");

        String now = Instant.now().toString();
        TestHttp.Response posted = am.send(
                "POST",
                "/api/v2/alerts",
                Map.of("Content-Type", "application/json"),
                "[" + alert("web-1", now, null) + "," + alert("web-2", now, null) + "]");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);

        JsonNode incident = waitForIncident(api, i -> alertEntries(api, i) == 2);
        assertThat(incident.get("source").asText()).isEqualTo("alertmanager");
        assertThat(incident.get("severity").asText()).isEqualTo("SEV1");
        assertThat(incident.get("title").asText()).isEqualTo("Checkout latency above 2s");

        String end = Instant.now().toString();
        am.send(
                "POST",
                "/api/v2/alerts",
                Map.of("Content-Type", "application/json"),
                "[" + alert("web-1", now, end) + "," + alert("web-2", now, end) + "]");

        JsonNode resolved = waitForIncident(api, i -> i.get("status").asText().equals("resolved"));
        assertThat(resolved.get("id").asText()).isEqualTo(incident.get("id").asText());
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isEqualTo(1);
        assertThat(alertEntries(api, resolved)).isEqualTo(4);
    }

    private static String alert(String instance, String startsAt, String endsAt) {
        return "{\"labels\":{\"alertname\":\"CheckoutLatency\",\"severity\":\"critical\",\"instance\":\"" + instance
                + "\"},\"annotations\":{\"summary\":\"Checkout latency above 2s\"},\"startsAt\":\"" + startsAt + "\""
                + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}";
    }

    private void startAlertmanager(String account, int port) throws IOException {
        File binary = new File("/usr/bin/prometheus-alertmanager");
        assertThat(binary.canExecute())
                .as("the peer test needs Debian's prometheus-alertmanager (apt-get install prometheus-alertmanager)")
                .isTrue();
        workDir = Files.createTempDirectory("alertmanager-peer");
        Path config = workDir.resolve("alertmanager.yml");
        Files.writeString(
                config,
                """
                route:
                  receiver: incident
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                receivers:
                  - name: incident
                    webhook_configs:
                      - url: '%s/api/v1/integrations/alertmanager?app=%s'
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """
                        .formatted(server.getURL().toString().replaceAll("/$", ""), account, PLUGIN_SECRET));
        alertmanager = new ProcessBuilder(
                        binary.getPath(),
                        "--config.file=" + config,
                        "--storage.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("alertmanager.log").toFile())
                .start();
    }

    private JsonNode waitForIncident(Api api, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            assertThat(alertmanager.isAlive())
                    .as("Alertmanager exited; see " + workDir.resolve("alertmanager.log"))
                    .isTrue();
            JsonNode list = Api.json(api.get("/api/v1/incidents"));
            if (list.get("total").asLong() > 0
                    && condition.test(list.get("data").get(0))) {
                return list.get("data").get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the condition did not hold within " + PATIENCE + "; log: " + log());
    }

    private void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            assertThat(alertmanager.isAlive())
                    .as("Alertmanager exited: " + log())
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; log: " + log());
    }

    private static long alertEntries(Api api, JsonNode incident) {
        List<String> kinds = new ArrayList<>();
        Api.json(api.get("/api/v1/incidents/" + incident.get("id").asText() + "/timeline"))
                .get("data")
                .forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds.stream().filter("alert"::equals).count();
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
