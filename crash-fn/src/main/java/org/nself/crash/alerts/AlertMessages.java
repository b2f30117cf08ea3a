package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.outbound.WebhookMessage;
import org.nself.shared.outbox.Delivery;
import org.nself.shared.outbox.DeliveryTarget.Send;
import org.nself.shared.pagerduty.IncidentFnClient;
import org.nself.shared.pagerduty.PagerDutyEvent;

/**
 * What an alert's deliveries send, built from the stored alert when they are sent: to the alert router
 * ({@code nself.crash.alerts.webhook.url}) a Standard Webhooks-signed {@code crash.<kind>} message whose id
 * is the alert id (kept across retries); to incident-fn ({@code nself.crash.alerts.incident.url}) a PagerDuty
 * Events v2 trigger in the alert's account, deduplicated per group (or per release for crash-rate spikes),
 * so a regression or spike of a group with an open incident joins that incident. Both URLs are the
 * operator's, so the SSRF policy for user-given URLs does not apply.
 */
@Singleton
final class AlertMessages {
    private static final int MAX_SUMMARY = 1024;
    private static final int MAX_DEDUP_KEY = 255;
    private final AlertSettings settings;
    private final IncidentFnClient incidentFn;
    private final JsonMapper json;

    AlertMessages(AlertSettings settings, JsonMapper json) {
        this.settings = settings;
        this.incidentFn = new IncidentFnClient(settings.incidentUrl, settings.incidentToken, "nself-crash", json);
        this.json = json;
    }

    /** The {@code webhook} target's send. */
    Send webhook(Connection c, Delivery d) throws SQLException {
        return fromAlert(c, d, (alert, data) -> {
            if (settings.webhookUrl == null) {
                return Send.refused("no webhook URL configured any more");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("alert_id", alert.id().toString());
            fields.put("source_account_id", alert.account());
            fields.put("kind", alert.kind().wire());
            fields.putAll(data);
            WebhookMessage message = WebhookMessage.of(
                    json, alert.id().toString(), "crash." + alert.kind().wire(), alert.createdAt(), fields);
            StandardWebhooks signer = new StandardWebhooks(settings.webhookSecret);
            return () -> message.sendToOperatorTarget(settings.webhookUrl, signer, "nself-crash");
        });
    }

    /** The {@code incident} target's send. */
    Send incident(Connection c, Delivery d) throws SQLException {
        return fromAlert(c, d, (alert, data) -> {
            PagerDutyEvent event = event(alert, data);
            return () -> incidentFn.send(alert.account(), event);
        });
    }

    private Send fromAlert(Connection c, Delivery d, BiFunction<StoredAlert, Map<String, Object>, Send> send)
            throws SQLException {
        // there is one: deleting an alert deletes its deliveries
        StoredAlert alert = StoredAlert.find(c, d.account(), d.messageId()).orElseThrow();
        Map<String, Object> data = alert.fields(json);
        return data == null ? Send.refused("stored alert data is unreadable") : send.apply(alert, data);
    }

    /** The trigger for an alert with its data. */
    static PagerDutyEvent event(StoredAlert alert, Map<String, Object> data) {
        String title = data.get("title") instanceof String t ? t : "crash group " + alert.groupId();
        String summary =
                switch (alert.kind()) {
                    case GROUP_CREATED -> "New crash: " + title;
                    case GROUP_REGRESSED -> "Crash regressed in " + alert.release() + ": " + title;
                    case GROUP_VELOCITY ->
                        "Crash spike (" + data.get("reports_in_hour") + " reports in an hour): " + title;
                    case CRASH_RATE_SPIKE ->
                        "Crash-free sessions of " + alert.release() + " fell to " + data.get("crash_free_sessions")
                                + " (below " + data.get("crash_free_below") + ")";
                };
        String severity =
                switch (alert.kind()) {
                    case GROUP_CREATED -> "fatal".equals(data.get("level")) ? "error" : "warning";
                    case GROUP_REGRESSED, GROUP_VELOCITY -> "error";
                    case CRASH_RATE_SPIKE -> "critical";
                };
        Map<String, Object> details = new LinkedHashMap<>(data);
        details.put("alert_id", alert.id().toString());
        details.put("kind", alert.kind().wire());
        String dedup = alert.groupId() != null ? "crash-group-" + alert.groupId() : "crash-rate-" + alert.release();
        return PagerDutyEvent.trigger(
                "nself-crash",
                dedup.length() > MAX_DEDUP_KEY ? dedup.substring(0, MAX_DEDUP_KEY) : dedup,
                new PagerDutyEvent.Payload(
                        summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary,
                        "nself-crash",
                        severity,
                        alert.createdAt().toString(),
                        alert.groupId() != null ? "crash-group-" + alert.groupId() : "release " + alert.release(),
                        null,
                        alert.kind().wire(),
                        details));
    }
}
