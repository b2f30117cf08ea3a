package org.nself.anomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestEdgeTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aGzippedBatchIsAccepted() throws IOException {
        String a = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"gz\"}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"points\":[{\"detector_id\":\"gz\",\"value\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new HashMap<>(TestHttp.asAccount(a));
        headers.put("Content-Encoding", "gzip");
        var r = http().send("POST", "/api/v1/ingest", headers, bytes.toByteArray());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"accepted\":1");
    }

    @Test
    void aPausedDetectorRefusesPointsUntilEnabled() {
        String a = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"p\",\"enabled\":false}");
        assertThat(http().get("/api/v1/detectors/p", TestHttp.asAccount(a)).body())
                .contains("\"status\":\"paused\"");
        var refused =
                http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"detector_id\":\"p\",\"value\":1}");
        assertThat(refused.status()).isEqualTo(409);
        http().send("PATCH", "/api/v1/detectors/p", TestHttp.asAccount(a), "{\"enabled\":true}");
        assertThat(http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"detector_id\":\"p\",\"value\":1}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anEmptyOrMixedBodyIs400() {
        String a = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"m\"}");
        assertThat(http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"points\":[]}")
                        .status())
                .isEqualTo(400);
        assertThat(http().send(
                                "POST",
                                "/api/v1/ingest",
                                TestHttp.asAccount(a),
                                "{\"detector_id\":\"m\",\"value\":1,\"points\":[{}]}")
                        .status())
                .isEqualTo(400);
        var noDetector = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"points\":[{\"value\":1}]}");
        assertThat(noDetector.status()).isEqualTo(400);
        assertThat(noDetector.body()).contains("points[0].detector_id");
        assertThat(http().get("/api/v1/anomalies?min_score=2", TestHttp.asAccount(a))
                        .status())
                .isEqualTo(400);
        assertThat(http().get("/api/v1/anomalies?status=maybe", TestHttp.asAccount(a))
                        .status())
                .isEqualTo(400);
        assertThat(http().get("/api/v1/anomalies/not-a-uuid", TestHttp.asAccount(a))
                        .status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/detectors/m/points?since=yesterday", TestHttp.asAccount(a))
                        .status())
                .isEqualTo(400);
    }
}
