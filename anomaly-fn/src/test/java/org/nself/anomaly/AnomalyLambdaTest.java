package org.nself.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Every anomaly endpoint answers through the API Gateway handlers (REST v1 and HTTP v2 events). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyLambdaTest implements PostgresTest {
    @Inject
    ApplicationContext context;

    LambdaEvents.Answer v1(String method, String path, String account, String body) {
        return LambdaEvents.answer(new RestApiHandler(context)
                .handleRequest(LambdaEvents.v1(method, path, TestHttp.asAccount(account), body), null));
    }

    LambdaEvents.Answer v2(String method, String path, String account, String body) {
        return LambdaEvents.answer(new HttpApiHandler(context)
                .handleRequest(LambdaEvents.v2(method, path, TestHttp.asAccount(account), body), null));
    }

    @Test
    void everyEndpointWorksThroughTheRestApiHandler() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(v1(
                                "POST",
                                "/api/v1/detectors",
                                a,
                                "{\"id\":\"lam\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}")
                        .status())
                .isEqualTo(201);
        assertThat(v1("GET", "/api/v1/detectors", a, null).body()).contains("\"total\":1");
        assertThat(v1("GET", "/api/v1/detectors/lam", a, null).status()).isEqualTo(200);
        var ingest = v1(
                "POST",
                "/api/v1/ingest",
                a,
                "{\"points\":[{\"detector_id\":\"lam\",\"value\":5,\"timestamp\":\"2026-01-01T00:00:00Z\"},"
                        + "{\"detector_id\":\"lam\",\"value\":50,\"timestamp\":\"2026-01-01T00:01:00Z\"}]}");
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
        assertThat(ingest.body()).contains("\"is_anomaly\":true", "\"anomalous\":1");
        var anomalies = v1("GET", "/api/v1/anomalies?detector_id=lam&status=open", a, null);
        assertThat(anomalies.body()).contains("\"total\":1");
        String id = anomalies.body().replaceAll(".*\"data\":\\[\\{\"id\":\"([0-9a-f-]+)\".*", "$1");
        assertThat(v1("GET", "/api/v1/anomalies/" + id, a, null).body()).contains("\"context\"");
        assertThat(v1("PATCH", "/api/v1/anomalies/" + id, a, "{\"feedback\":\"true_positive\"}")
                        .body())
                .contains("\"feedback\":\"true_positive\"");
        assertThat(v1("GET", "/api/v1/stats", a, null).body()).contains("\"false_positive_rate\":0.0");
        assertThat(v1("GET", "/api/v1/detectors/lam/points", a, null).body()).contains("\"total\":2");
        assertThat(v1("POST", "/api/v1/detectors/lam/preview", a, "{}").body()).contains("\"anomalous_points\":1");
        assertThat(v1("POST", "/api/v1/detectors/lam/run", a, "").status()).isEqualTo(409);
        assertThat(v1("PATCH", "/api/v1/detectors/lam", a, "{\"params\":{\"upper\":100}}")
                        .body())
                .contains("\"version\":2");
        assertThat(v1("DELETE", "/api/v1/detectors/lam", a, null).status()).isEqualTo(204);
        assertThat(v1("POST", "/api/v1/ingest", a, "{\"detector_id\":\"lam\",\"value\":1}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void ingestAndErrorsWorkThroughTheHttpApiHandler() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(v2("POST", "/api/v1/detectors", a, "{\"id\":\"v2\"}").status())
                .isEqualTo(201);
        var ok = v2(
                "POST",
                "/api/v1/ingest",
                a,
                "{\"detector_id\":\"v2\",\"value\":1.5,\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"score\":0", "\"expected\":1.5");
        var bad = v2("POST", "/api/v1/ingest", a, "{\"detector_id\":\"v2\",\"value\":1e999}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":\"INVALID_REQUEST\"");
        var other = v2(
                "GET",
                "/api/v1/detectors/v2",
                "t-other-" + UUID.randomUUID().toString().substring(0, 6),
                null);
        assertThat(other.status()).isEqualTo(404);
        assertThat(LambdaEvents.answer(new HttpApiHandler(context)
                                .handleRequest(LambdaEvents.v2("GET", "/api/v1/anomalies", Map.of(), null), null))
                        .status())
                .isEqualTo(401);
    }
}
