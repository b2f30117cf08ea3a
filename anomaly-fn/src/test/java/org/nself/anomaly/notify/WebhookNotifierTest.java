package org.nself.anomaly.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookNotifierTest implements PostgresTest {
    static final String SECRET = StandardWebhooks.newSecret();
    static final HttpServer RECEIVER;
    static final BlockingQueue<String[]> RECEIVED = new LinkedBlockingQueue<>();
    static final BlockingQueue<String[]> INCIDENTS = new LinkedBlockingQueue<>();

    static {
        try {
            RECEIVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RECEIVER.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            RECEIVED.add(new String[] {
                h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body
            });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        RECEIVER.createContext("/incident/api/v1/integrations/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            INCIDENTS.add(new String[] {h.getFirst("Authorization"), h.getFirst("X-App-Name"), body});
            byte[] answer = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        RECEIVER.start();
    }

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.outbound.allow",
                "127.0.0.1/32",
                "nself.anomaly.webhook.url",
                "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook",
                "nself.anomaly.webhook.secret",
                SECRET,
                "nself.anomaly.incident.url",
                "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/incident/",
                "nself.anomaly.incident.token",
                "incident-token");
    }

    @AfterAll
    void stop() {
        RECEIVER.stop(0);
    }

    @Test
    void anOpenedAnomalySendsOneSignedWebhookAndTriggersOneIncident() throws InterruptedException {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        http.send(
                "POST",
                "/api/v1/detectors",
                TestHttp.asAccount(a),
                "{\"id\":\"hooked\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}");
        var r = http.send(
                "POST",
                "/api/v1/ingest",
                TestHttp.asAccount(a),
                "{\"points\":[{\"detector_id\":\"hooked\",\"value\":50,\"timestamp\":\"2026-01-01T00:00:00Z\"},"
                        + "{\"detector_id\":\"hooked\",\"value\":60,\"timestamp\":\"2026-01-01T00:01:00Z\"}]}");
        String anomalyId = r.body().replaceAll(".*\"anomaly_id\":\"([0-9a-f-]+)\".*", "$1");

        // delivery is asynchronous after commit: wait for it (bounded), then check what arrived
        String[] got = RECEIVED.poll(30, TimeUnit.SECONDS);
        assertThat(got).as("a webhook delivery").isNotNull();
        assertThat(got[3])
                .contains(
                        "\"type\":\"anomaly.opened\"",
                        "\"detector_id\":\"hooked\"",
                        "\"anomaly_id\":\"" + anomalyId + "\"");
        assertThat(new StandardWebhooks(SECRET).verify(got[0], Long.parseLong(got[1]), got[3], got[2]))
                .isTrue();
        assertThat(RECEIVED).isEmpty();

        // and one PagerDuty Events v2 trigger to incident-fn, in the anomaly's account, deduplicated by the anomaly
        String[] incident = INCIDENTS.poll(30, TimeUnit.SECONDS);
        assertThat(incident).as("an incident event").isNotNull();
        assertThat(incident[0]).isEqualTo("Bearer incident-token");
        assertThat(incident[1]).isEqualTo(a);
        assertThat(incident[2])
                .contains(
                        "\"routing_key\":\"nself-anomaly\"",
                        "\"event_action\":\"trigger\"",
                        "\"dedup_key\":\"anomaly-" + anomalyId + "\"",
                        "\"severity\":\"",
                        "\"source\":\"nself-anomaly/hooked\"",
                        "\"summary\":\"Anomaly on hooked");
        assertThat(INCIDENTS).isEmpty();
    }
}
