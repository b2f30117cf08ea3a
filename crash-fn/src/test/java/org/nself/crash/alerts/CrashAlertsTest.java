package org.nself.crash.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.SlowTarget;
import org.nself.shared.testing.WebhookReceiver;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashAlertsTest implements PostgresTest {
    static final String SECRET = StandardWebhooks.newSecret();
    static final WebhookReceiver RECEIVER = WebhookReceiver.start();

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    @Inject
    TransactionOperations<Connection> transactions;

    Api api;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.crash.alerts.webhook.url", RECEIVER.url("/hook"),
                "nself.crash.alerts.webhook.secret", SECRET,
                "nself.crash.alerts.incident.url", RECEIVER.url("/incident/"),
                "nself.crash.alerts.incident.token", "incident-token",
                "nself.crash.alerts.incident.kinds", "group.created,group.regressed,group.velocity,crash_rate.spike",
                "nself.crash.alerts.velocity.min-reports", "5",
                "nself.crash.alerts.velocity.factor", "3",
                "nself.crash.alerts.crash-rate.min-sessions", "10",
                "nself.crash.alerts.crash-rate.crash-free-below", "0.9");
    }

    @AfterAll
    void stop() {
        RECEIVER.close();
    }

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    long report(String function, String release, String level) {
        String body =
                """
                {"event_id":"%s","platform":"native","level":"%s","release":"%s","user":{"id":"u1"},
                 "exception":{"values":[{"type":"SIGSEGV","value":"in %s","mechanism":{"type":"signalhandler","handled":false},
                 "stacktrace":{"frames":[{"function":"main","in_app":true},{"function":"%s","in_app":true}]}}]}}"""
                        .formatted(UUID.randomUUID(), level, release, function, function);
        var response = api.post("/api/v1/ingest/crash", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong((String) Api.json(json, response.body()).get("group_id"));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> alerts(String query) {
        var response = api.get("/api/v1/alerts" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (List<Map<String, Object>>) Api.json(json, response.body()).get("data");
    }

    int deliver() {
        return jobs.find("crash-alerts").orElseThrow().run(Instant.now());
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> webhooksOf(String account) {
        List<Map<String, Object>> mine = new ArrayList<>();
        for (WebhookReceiver.Request w : RECEIVER.received("/hook")) {
            Map<String, Object> message = Api.json(json, w.body());
            if (account.equals(((Map<String, Object>) message.get("data")).get("source_account_id"))) {
                assertThat(new StandardWebhooks(SECRET)
                                .verify(
                                        w.header("webhook-id"),
                                        Long.parseLong(w.header("webhook-timestamp")),
                                        w.body(),
                                        w.header("webhook-signature")))
                        .as("signature of %s", w.body())
                        .isTrue();
                mine.add(message);
            }
        }
        return mine;
    }

    List<Map<String, Object>> incidentsOf(String account) {
        List<Map<String, Object>> mine = new ArrayList<>();
        for (WebhookReceiver.Request i : RECEIVER.received("/incident/")) {
            if (account.equals(i.header("X-App-Name"))) {
                assertThat(i.header("Authorization")).isEqualTo("Bearer incident-token");
                mine.add(Api.json(json, i.body()));
            }
        }
        return mine;
    }

    void sql(String statement, Object... params) {
        transactions.executeWrite(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(statement)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Tests that count reports within one hour do not start in the last seconds of one. */
    static void awayFromTheHourBoundary() {
        Eventually.await(java.time.Duration.ofSeconds(40), () -> {
            Instant now = Instant.now();
            Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            return java.time.Duration.between(now, next).getSeconds() >= 30;
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewGroupRaisesOneAlertDeliveredAsASignedWebhookAndAnIncidentEvent() {
        long group = report("render_frame", "app@1", "fatal");
        report("render_frame", "app@1", "fatal");

        List<Map<String, Object>> before = alerts("?kind=group.created");
        assertThat(before).singleElement().satisfies(a -> {
            assertThat(((Number) a.get("group_id")).longValue()).isEqualTo(group);
            assertThat((List<Map<String, Object>>) a.get("deliveries"))
                    .extracting(d -> d.get("target") + "/" + d.get("status"))
                    .containsExactly("incident/pending", "webhook/pending");
        });

        while (deliver() > 0) {}

        assertThat(webhooksOf(api.account)).singleElement().satisfies(m -> {
            assertThat(m.get("type")).isEqualTo("crash.group.created");
            Map<String, Object> data = (Map<String, Object>) m.get("data");
            assertThat(((Number) data.get("group_id")).longValue()).isEqualTo(group);
            assertThat(data.get("alert_id")).isEqualTo(before.get(0).get("id"));
            assertThat(data.get("level")).isEqualTo("fatal");
        });
        assertThat(incidentsOf(api.account)).singleElement().satisfies(e -> {
            assertThat(e.get("event_action")).isEqualTo("trigger");
            assertThat(e.get("dedup_key")).isEqualTo("crash-group-" + group);
            Map<String, Object> payload = (Map<String, Object>) e.get("payload");
            assertThat(payload.get("severity")).isEqualTo("error");
            assertThat((String) payload.get("summary")).startsWith("New crash: ");
        });
        assertThat((List<Map<String, Object>>)
                        alerts("?kind=group.created").get(0).get("deliveries"))
                .extracting(d -> d.get("target") + "/" + d.get("status") + "/" + d.get("last_status_code"))
                .containsExactly("incident/delivered/202", "webhook/delivered/204");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRegressionAlertsOncePerReleaseAndJoinsTheGroupsIncident() {
        long group = report("load_level", "app@1", "error");
        assertThat(api.patch("/api/v1/crashes/" + group, "{\"status\":\"resolved\"}")
                        .statusCode())
                .isEqualTo(200);

        report("load_level", "app@2", "error");
        report("load_level", "app@2", "error");

        assertThat(alerts("?kind=group.regressed")).singleElement().satisfies(a -> {
            assertThat(a.get("release")).isEqualTo("app@2");
            assertThat(((Map<String, Object>) a.get("data")).get("title")).isNotNull();
        });
        while (deliver() > 0) {}
        assertThat(incidentsOf(api.account))
                .extracting(e -> e.get("dedup_key"))
                .containsExactly("crash-group-" + group, "crash-group-" + group);
        assertThat(webhooksOf(api.account))
                .extracting(m -> m.get("type"))
                .containsExactlyInAnyOrder("crash.group.created", "crash.group.regressed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedDeliveryIsRetriedLaterWithTheSameMessageId() {
        RECEIVER.failNext("/hook", 1, 500);
        report("flaky_receiver", "app@1", "error");

        while (deliver() > 0) {}
        Map<String, Object> webhook = ((List<Map<String, Object>>)
                        alerts("").get(0).get("deliveries"))
                .stream()
                        .filter(d -> d.get("target").equals("webhook"))
                        .findFirst()
                        .orElseThrow();
        assertThat(webhook.get("status")).isEqualTo("pending");
        assertThat(webhook.get("attempts")).isEqualTo(1);
        assertThat(webhook.get("last_status_code")).isEqualTo(500);
        assertThat(webhook.get("last_error")).isEqualTo("answered HTTP 500");
        assertThat(Instant.parse((String) webhook.get("next_attempt_at"))).isAfter(Instant.now());
        assertThat(webhooksOf(api.account)).isEmpty();

        // the back-off has not passed: nothing is due
        assertThat(deliver()).isZero();
        sql("UPDATE np_crash_alert_deliveries SET next_attempt_at = now() WHERE source_account_id = ?", api.account);
        while (deliver() > 0) {}

        assertThat(webhooksOf(api.account)).hasSize(1);
        assertThat(RECEIVER.received("/hook").stream()
                        .filter(w -> w.body().contains(api.account))
                        .map(w -> w.header("webhook-id")))
                .containsExactly((String) alerts("").get(0).get("id"));
        assertThat(((List<Map<String, Object>>) alerts("").get(0).get("deliveries")))
                .extracting(d -> d.get("target") + "/" + d.get("status") + "/" + d.get("attempts"))
                .containsExactly("incident/delivered/1", "webhook/delivered/2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupReportedFarAboveItsHourlyAverageRaisesOneVelocityAlert() {
        awayFromTheHourBoundary();
        long quiet = report("spiky", "app@1", "error");
        long busy = report("always_busy", "app@1", "error");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // both groups are three days old: "spiky" had 2 reports in that time, "always_busy" 1,000
        sql(
                "UPDATE np_crash_groups SET created_at = now() - interval '3 days' WHERE source_account_id = ?",
                api.account);
        sql(
                "INSERT INTO np_crash_report_rollups (source_account_id, hour, release, environment, group_id,"
                        + " reports, crashes) VALUES (?, ?, 'app@1', '', ?, 2, 2), (?, ?, 'app@1', '', ?, 1000, 1000)",
                api.account,
                java.sql.Timestamp.from(hour.minus(24, ChronoUnit.HOURS)),
                quiet,
                api.account,
                java.sql.Timestamp.from(hour.minus(25, ChronoUnit.HOURS)),
                busy);
        for (int i = 0; i < 7; i++) {
            report("spiky", "app@1", "error");
            report("always_busy", "app@1", "error");
        }

        jobs.find("crash-rollup").orElseThrow().run(Instant.now());
        report("spiky", "app@1", "error"); // marks the hour again: the rule runs again, the alert does not repeat
        jobs.find("crash-rollup").orElseThrow().run(Instant.now());

        assertThat(alerts("?kind=group.velocity")).singleElement().satisfies(a -> {
            assertThat(((Number) a.get("group_id")).longValue()).isEqualTo(quiet);
            Map<String, Object> data = (Map<String, Object>) a.get("data");
            assertThat(((Number) data.get("reports_in_hour")).intValue()).isEqualTo(8);
            // created three days before now: whole hours between then and the start of this hour
            assertThat(((Number) data.get("baseline_hours")).intValue()).isIn(71, 72);
        });
    }

    String session(String release, String status) {
        return """
                {"sid":"%s","did":"%s","seq":1,"init":true,"started":"%s","status":"%s","attrs":{"release":"%s"}}"""
                .formatted(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS),
                        status,
                        release);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReleaseWhoseCrashFreeRateFallsBelowTheThresholdRaisesACrashRateAlert() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(session("app@bad", i < 2 ? "crashed" : "exited"));
            sessions.add(session("app@good", "exited"));
        }
        for (int i = 0; i < 5; i++) {
            sessions.add(session("app@few", "crashed")); // too few sessions to judge
        }
        assertThat(api.post("/api/v1/ingest/session", "[" + String.join(",", sessions) + "]")
                        .statusCode())
                .isEqualTo(200);

        jobs.find("crash-rollup").orElseThrow().run(Instant.now());

        List<Map<String, Object>> spikes = alerts("?kind=crash_rate.spike");
        assertThat(spikes).extracting(a -> a.get("release")).containsExactly("app@bad");
        Map<String, Object> data = (Map<String, Object>) spikes.get(0).get("data");
        assertThat(data.get("crash_free_sessions")).isEqualTo(0.8);
        assertThat(((Number) data.get("sessions_started")).intValue()).isEqualTo(10);
        while (deliver() > 0) {}
        assertThat(incidentsOf(api.account)).singleElement().satisfies(e -> {
            assertThat(e.get("dedup_key")).isEqualTo("crash-rate-app@bad");
            assertThat(((Map<String, Object>) e.get("payload")).get("severity")).isEqualTo("critical");
        });
    }

    @Test
    void anotherAccountSeesNoneOfTheAlerts() {
        report("private_crash", "app@1", "error");
        Api other = new Api(server.getURI());

        var response = other.get("/api/v1/alerts");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Api.json(json, response.body()).get("data")).asList().isEmpty();
        assertThat(alerts("")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTargetAnsweringAtTheTimeOutGetsEachAlertOnceWhileAnotherRunRaces() {
        List<Long> groups = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            groups.add(report("slow_target_" + i, "app@1", "error"));
        }

        SlowTarget.race(
                RECEIVER,
                took -> sql(
                        "UPDATE np_crash_alert_deliveries SET leased_until = leased_until - ?::interval,"
                                + " next_attempt_at = next_attempt_at - ?::interval WHERE source_account_id = ?",
                        took.toMillis() + " milliseconds",
                        took.toMillis() + " milliseconds",
                        api.account),
                this::deliver);
        while (deliver() > 0) {}

        assertThat(webhooksOf(api.account))
                .extracting(m -> ((Map<String, Object>) m.get("data")).get("group_id"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat(incidentsOf(api.account))
                .extracting(e -> e.get("dedup_key"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat(alerts("?kind=group.created"))
                .flatExtracting(a -> (List<Map<String, Object>>) a.get("deliveries"))
                .extracting(d -> d.get("status"))
                .hasSize(24)
                .containsOnly("delivered");
    }

    @Test
    void badFiltersAreClear400s() {
        assertThat(api.get("/api/v1/alerts?kind=bogus").statusCode()).isEqualTo(400);
        var response = api.get("/api/v1/alerts?group_id=abc");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"group_id\"");
    }
}
