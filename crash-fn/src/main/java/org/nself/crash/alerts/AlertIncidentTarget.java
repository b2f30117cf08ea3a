package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.shared.outbox.Delivery;
import org.nself.shared.outbox.DeliveryTarget;
import org.nself.shared.pagerduty.IncidentFnClient;
import org.nself.shared.pagerduty.PagerDutyEvent;

/**
 * incident-fn ({@code nself.crash.alerts.incident.url}): a PagerDuty Events v2 trigger in the alert's
 * account, deduplicated per group (or per release for crash-rate spikes), so a regression or spike of a
 * group with an open incident joins that incident.
 */
@Singleton
final class AlertIncidentTarget implements DeliveryTarget {
    static final String NAME = "incident";
    private static final int MAX_SUMMARY = 1024;
    private static final int MAX_DEDUP_KEY = 255;
    private final IncidentFnClient incidentFn;
    private final JsonMapper json;

    AlertIncidentTarget(AlertSettings settings, JsonMapper json) {
        this.incidentFn = new IncidentFnClient(settings.incidentUrl, settings.incidentToken, "nself-crash", json);
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Send prepare(Connection c, Delivery d) throws SQLException {
        // there is one: deleting an alert deletes its deliveries
        StoredAlert alert = StoredAlert.find(c, d.account(), d.messageId()).orElseThrow();
        Map<String, Object> data = alert.fields(json);
        if (data == null) {
            return Send.refused("stored alert data is unreadable");
        }
        PagerDutyEvent event = event(alert, data);
        return () -> incidentFn.send(alert.account(), event);
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
