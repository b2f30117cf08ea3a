package org.nself.anomaly.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsTest implements PostgresTest {
    static final String SECRET = StandardWebhooks.newSecret();
    static final java.util.concurrent.atomic.AtomicInteger FAIL_NEXT = new java.util.concurrent.atomic.AtomicInteger();
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
            if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
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

    @Inject
    ScheduledJobs jobs;

    @Inject
    TransactionOperations<Connection> transactions;

    /** Runs the delivery job until nothing is due (the server's scheduler or EventBridge does it every few seconds). */
    void deliver() {
        while (jobs.find("anomaly-notifications").orElseThrow().run(Instant.now()) > 0) {}
    }

    String notificationState(String account, String target) {
        return transactions.executeRead(s -> {
            try (var ps = s.getConnection()
                    .prepareStatement("SELECT status || '/' || attempts || '/' || COALESCE(last_status_code::text, '-')"
                            + " FROM np_anomaly_notifications WHERE source_account_id = ? AND target = ?")) {
                ps.setString(1, account);
                ps.setString(2, target);
                try (var r = ps.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
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

        // recorded with the anomaly, sent by the delivery job
        assertThat(notificationState(a, "webhook")).isEqualTo("pending/0/-");
        assertThat(RECEIVED).isEmpty();
        deliver();
        assertThat(notificationState(a, "webhook")).isEqualTo("delivered/1/204");
        String[] got = RECEIVED.poll(5, TimeUnit.SECONDS);
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
        String[] incident = INCIDENTS.poll(5, TimeUnit.SECONDS);
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

    @Test
    void aFailedDeliveryIsKeptAndRetriedWithTheSameMessageId() throws InterruptedException {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        http.send(
                "POST",
                "/api/v1/detectors",
                TestHttp.asAccount(a),
                "{\"id\":\"flaky\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}");
        FAIL_NEXT.set(1);
        var r = http.send(
                "POST",
                "/api/v1/ingest",
                TestHttp.asAccount(a),
                "{\"points\":[{\"detector_id\":\"flaky\",\"value\":50,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}");
        String anomalyId = r.body().replaceAll(".*\"anomaly_id\":\"([0-9a-f-]+)\".*", "$1");

        deliver();
        assertThat(notificationState(a, "webhook")).isEqualTo("pending/1/503");
        assertThat(RECEIVED).isEmpty();
        transactions.executeWrite(s -> {
            try (var ps = s.getConnection()
                    .prepareStatement("UPDATE np_anomaly_notifications SET next_attempt_at = now()"
                            + " WHERE source_account_id = ?")) {
                ps.setString(1, a);
                return ps.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        deliver();

        assertThat(notificationState(a, "webhook")).isEqualTo("delivered/2/204");
        String[] got = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got[0]).isEqualTo(anomalyId);
        INCIDENTS.clear();
    }
}
