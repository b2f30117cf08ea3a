package org.nself.anomaly.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * A prometheus detector against Debian's real {@code prometheus}, scraping itself every second (a local
 * target). Runs with {@code -Dpeers}; fails when the binary is missing.
 */
@Tag("peer")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusSourceTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    Process prometheus;
    int port;
    Path dir;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @BeforeAll
    void startPrometheus() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        assertThat(binary)
                .as("Debian's prometheus (apt-get install -y prometheus)")
                .exists();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("prom");
        Files.writeString(
                dir.resolve("prometheus.yml"),
                "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n"
                        + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
        prometheus = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        // wait (bounded) until the self-scrape has stored a few samples
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            try {
                String body = client.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                                + "/api/v1/query?query=count_over_time(up%5B1m%5D)"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (body.matches(".*\"value\":\\[[0-9.]+,\"([3-9]|[1-9][0-9]+)\"\\].*")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus did not scrape itself; log in " + dir);
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.destroy();
        }
    }

    @Test
    void aPrometheusDetectorPullsARangeQueryAndScoresIt() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        var created = http.send(
                "POST",
                "/api/v1/detectors",
                TestHttp.asAccount(a),
                ("{\"id\":\"prom-up\",\"algorithm\":\"zscore\",\"schedule\":\"1m\","
                                + "\"source\":{\"type\":\"prometheus\",\"url\":\"http://127.0.0.1:%d\",\"query\":\"up\",\"step_seconds\":1}}")
                        .formatted(port));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var run = http.send("POST", "/api/v1/detectors/prom-up/run", TestHttp.asAccount(a), "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).doesNotContain("\"status\":\"error\"").contains("\"scored\":");
        int scored = Integer.parseInt(run.body().replaceAll(".*\"scored\":(\\d+).*", "$1"));
        assertThat(scored).isPositive();
        assertThat(http.get("/api/v1/detectors/prom-up/points", TestHttp.asAccount(a))
                        .body())
                .contains("\"value\":1.0");
    }
}
