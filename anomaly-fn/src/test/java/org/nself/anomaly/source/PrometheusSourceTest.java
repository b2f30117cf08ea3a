package org.nself.anomaly.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
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

    LocalPrometheus prometheus;
    int port;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @BeforeAll
    void startPrometheus() throws Exception {
        port = LocalPrometheus.freePort();
        prometheus = LocalPrometheus.start(
                Files.createTempDirectory("prom"),
                port,
                "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n"
                        + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
        // wait (bounded) until the self-scrape has stored a few samples
        prometheus.await(
                "count_over_time(up[1m])",
                body -> body.matches(".*\"value\":\\[[0-9.]+,\"([3-9]|[1-9][0-9]+)\"\\].*"),
                "did not scrape itself");
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
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
