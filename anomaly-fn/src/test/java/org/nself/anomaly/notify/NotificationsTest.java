package org.nself.anomaly.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.SlowTarget;
import org.nself.shared.testing.TestHttp;
import org.nself.shared.testing.WebhookReceiver;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsTest implements PostgresTest {
    static final String SECRET = StandardWebhooks.newSecret();
    static final WebhookReceiver RECEIVER = WebhookReceiver.start();

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

    /** What reached the receiver for this account (webhooks carry it in the body, incident events in X-App-Name). */
    static List<WebhookReceiver.Request> webhooksOf(String account) {
        return RECEIVER.received("/hook").stream()
                .filter(w -> w.body().contains("\"source_account_id\":\"" + account + "\""))
                .toList();
    }

    static List<WebhookReceiver.Request> incidentsOf(String account) {
        return RECEIVER.received("/incident/").stream()
                .filter(i -> account.equals(i.header("X-App-Name")))
                .toList();
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
                RECEIVER.url("/hook"),
                "nself.anomaly.webhook.secret",
                SECRET,
                "nself.anomaly.incident.url",
                RECEIVER.url("/incident/"),
                "nself.anomaly.incident.token",
                "incident-token");
    }

    @AfterAll
    void stop() {
        RECEIVER.close();
    }

    @Test
    void anOpenedAnomalySendsOneSignedWebhookAndTriggersOneIncident() {
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
        assertThat(webhooksOf(a)).isEmpty();
        deliver();
        assertThat(notificationState(a, "webhook")).isEqualTo("delivered/1/204");
        assertThat(webhooksOf(a)).as("one webhook delivery").hasSize(1);
        WebhookReceiver.Request got = webhooksOf(a).get(0);
        assertThat(got.body())
                .contains(
                        "\"type\":\"anomaly.opened\"",
                        "\"detector_id\":\"hooked\"",
                        "\"anomaly_id\":\"" + anomalyId + "\"");
        assertThat(new StandardWebhooks(SECRET)
                        .verify(
                                got.header("webhook-id"),
                                Long.parseLong(got.header("webhook-timestamp")),
                                got.body(),
                                got.header("webhook-signature")))
                .isTrue();

        // and one PagerDuty Events v2 trigger to incident-fn, in the anomaly's account, deduplicated by the anomaly
        assertThat(incidentsOf(a)).as("one incident event").hasSize(1);
        WebhookReceiver.Request incident = incidentsOf(a).get(0);
        assertThat(incident.header("Authorization")).isEqualTo("Bearer incident-token");
        assertThat(incident.body())
                .contains(
                        "\"routing_key\":\"nself-anomaly\"",
                        "\"event_action\":\"trigger\"",
                        "\"dedup_key\":\"anomaly-" + anomalyId + "\"",
                        "\"severity\":\"",
                        "\"source\":\"nself-anomaly/hooked\"",
                        "\"summary\":\"Anomaly on hooked");
    }

    @Test
    void aTargetAnsweringAtTheTimeOutGetsEachNotificationOnceWhileAnotherRunRaces() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        for (int i = 0; i < 12; i++) {
            http.send(
                    "POST",
                    "/api/v1/detectors",
                    TestHttp.asAccount(a),
                    "{\"id\":\"slow-" + i + "\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}");
            http.send(
                    "POST",
                    "/api/v1/ingest",
                    TestHttp.asAccount(a),
                    "{\"points\":[{\"detector_id\":\"slow-" + i
                            + "\",\"value\":50,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}");
        }

        SlowTarget.race(
                RECEIVER,
                took -> transactions.executeWrite(s -> {
                    try (var ps = s.getConnection()
                            .prepareStatement("UPDATE np_anomaly_notifications SET leased_until = leased_until"
                                    + " - ?::interval, next_attempt_at = next_attempt_at - ?::interval"
                                    + " WHERE source_account_id = ?")) {
                        ps.setString(1, took.toMillis() + " milliseconds");
                        ps.setString(2, took.toMillis() + " milliseconds");
                        ps.setString(3, a);
                        return ps.executeUpdate();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                () -> jobs.find("anomaly-notifications").orElseThrow().run(Instant.now()));
        deliver();

        assertThat(webhooksOf(a))
                .extracting(w -> w.header("webhook-id"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat(incidentsOf(a))
                .extracting(i -> i.body().replaceAll(".*\"dedup_key\":\"([^\"]+)\".*", "$1"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat((int) transactions.executeRead(s -> {
                    try (var ps = s.getConnection()
                            .prepareStatement("SELECT count(*) FROM np_anomaly_notifications"
                                    + " WHERE source_account_id = ? AND status = 'delivered'")) {
                        ps.setString(1, a);
                        try (var r = ps.executeQuery()) {
                            r.next();
                            return r.getInt(1);
                        }
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .isEqualTo(24);
    }

    @Test
    void aFailedDeliveryIsKeptAndRetriedWithTheSameMessageId() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        http.send(
                "POST",
                "/api/v1/detectors",
                TestHttp.asAccount(a),
                "{\"id\":\"flaky\",\"algorithm\":\"threshold\",\"params\":{\"upper\":10}}");
        RECEIVER.failNext("/hook", 1, 503);
        var r = http.send(
                "POST",
                "/api/v1/ingest",
                TestHttp.asAccount(a),
                "{\"points\":[{\"detector_id\":\"flaky\",\"value\":50,\"timestamp\":\"2026-01-01T00:00:00Z\"}]}");
        String anomalyId = r.body().replaceAll(".*\"anomaly_id\":\"([0-9a-f-]+)\".*", "$1");

        deliver();
        assertThat(notificationState(a, "webhook")).isEqualTo("pending/1/503");
        assertThat(webhooksOf(a)).isEmpty();
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
        assertThat(webhooksOf(a)).singleElement().satisfies(got -> assertThat(got.header("webhook-id"))
                .isEqualTo(anomalyId));
    }
}
