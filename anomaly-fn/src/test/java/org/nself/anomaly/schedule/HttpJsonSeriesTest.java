package org.nself.anomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** An http_json source whose answer lists points of several series, each named by an object of labels. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpJsonSeriesTest implements PostgresTest {
    static final String ANSWER = "{\"hosts\":["
            + "{\"labels\":{\"host\":\"a\",\"zone\":\"eu\"},\"stats\":{\"load\":10},\"at\":\"2026-01-01T00:00:00Z\"},"
            + "{\"labels\":{\"host\":\"b\",\"zone\":\"eu\"},\"stats\":{\"load\":100},\"at\":\"2026-01-01T00:00:00Z\"},"
            + "{\"labels\":{\"host\":\"a\",\"zone\":\"eu\"},\"stats\":{\"load\":11},\"at\":\"2026-01-01T00:01:00Z\"},"
            + "{\"labels\":{\"host\":\"c\",\"zone\":\"us\"},\"stats\":{\"load\":7},\"at\":\"2026-01-01T00:00:00Z\"}]}";

    @Inject
    EmbeddedServer server;

    HttpServer source;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @BeforeAll
    void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestURI().getPath().equals("/flat") ? "{\"hosts\":{}}" : ANSWER)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        source.start();
    }

    @AfterAll
    void stopSource() {
        source.stop(0);
    }

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    String create(String account, String id, String path, String extra) {
        var r = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(account),
                        ("{\"id\":\"%s\",\"algorithm\":\"zscore\",\"schedule\":\"1m\",\"source\":{\"type\":\"http_json\","
                                        + "\"url\":\"http://127.0.0.1:%d%s\",\"series_path\":\"hosts\",\"labels_path\":\"labels\","
                                        + "\"value_path\":\"stats.load\",\"timestamp_path\":\"at\"%s}}")
                                .formatted(id, source.getAddress().getPort(), path, extra));
        return r.status() + " " + r.body();
    }

    @Test
    void eachElementIsAPointOfTheSeriesItsLabelsName() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(create(a, "hosts", "/", "")).startsWith("201");
        var run = http().send("POST", "/api/v1/detectors/hosts/run", TestHttp.asAccount(a), "");
        assertThat(run.body()).contains("\"fetched\":4", "\"scored\":4", "\"entities\":3", "\"entities_skipped\":0");
        var onA = http().get("/api/v1/detectors/hosts/points?entity=host:a&entity=zone:eu", TestHttp.asAccount(a));
        assertThat(onA.body())
                .contains(
                        "\"total\":2",
                        "\"value\":10.0",
                        "\"value\":11.0",
                        "\"entity\":{\"host\":\"a\",\"zone\":\"eu\"}")
                .doesNotContain("\"value\":100.0");
        assertThat(http().get("/api/v1/detectors/hosts/points?entity=zone:eu", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":3");
    }

    @Test
    void theCapHoldsForHttpJsonToo() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(create(a, "two", "/", ",\"max_entities\":2")).startsWith("201");
        var run = http().send("POST", "/api/v1/detectors/two/run", TestHttp.asAccount(a), "");
        assertThat(run.body())
                .contains(
                        "\"entities\":2",
                        "\"entities_skipped\":1",
                        "\"skipped_entities\":[\"host=\\\"c\\\",zone=\\\"us\\\"\"]");
    }

    @Test
    void anAnswerWithoutTheListIsASourceErrorAndLabelsWithoutASeriesPathA400() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(create(a, "flat", "/flat", "")).startsWith("201");
        var run = http().send("POST", "/api/v1/detectors/flat/run", TestHttp.asAccount(a), "");
        assertThat(run.body()).contains("\"status\":\"error\"", "no list at hosts");
        var refused = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"schedule\":\"1m\",\"source\":{\"type\":\"http_json\",\"url\":\"http://example.com\","
                                + "\"value_path\":\"v\",\"labels_path\":\"labels\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("source.series_path");
    }
}
