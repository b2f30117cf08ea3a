package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.web.Jdbc;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.outbound.Backoff;
import org.nself.shared.outbound.OutboundPost;
import org.nself.shared.outbound.OutboxLease;
import org.nself.shared.outbound.StandardWebhooks;

/**
 * Sends due alert deliveries: to the alert router as a Standard Webhooks-signed {@code crash.<kind>}
 * message (the alert id is the message id, kept across retries), and to incident-fn as a PagerDuty Events
 * v2 trigger in the alert's account, deduplicated per group (or per release for crash-rate spikes), so a
 * regression or spike of a group with an open incident joins that incident. A 2xx marks a delivery done;
 * anything else is retried with {@link Backoff}. Rows are leased with {@code FOR UPDATE SKIP LOCKED} and
 * the HTTP calls happen outside any transaction, so any number of instances can run the job. A lease
 * outlives the sends it covers ({@link OutboxLease}): a run sends a row only after renewing its lease
 * under its own token, so a row another run has taken since is never sent twice.
 */
@Singleton
final class AlertDeliveryJob implements ScheduledJob {
    static final String NAME = "crash-alerts";
    private static final int BATCH = 50;
    private final TransactionOperations<Connection> transactions;
    private final AlertSettings settings;
    private final JsonMapper json;

    AlertDeliveryJob(TransactionOperations<Connection> transactions, AlertSettings settings, JsonMapper json) {
        this.transactions = transactions;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(10);
    }

    private record Due(
            UUID leaseToken,
            String account,
            UUID alertId,
            String target,
            int attempts,
            AlertKind kind,
            Long groupId,
            String release,
            String data,
            Instant createdAt) {}

    @Override
    public int run(Instant tick) {
        UUID token = OutboxLease.token();
        List<Due> due = transactions.executeWrite(status -> {
            try {
                return lease(status.getConnection(), token);
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
        for (Due d : due) {
            boolean stillOurs = transactions.executeWrite(status -> {
                try {
                    return renew(status.getConnection(), d);
                } catch (SQLException e) {
                    throw Jdbc.failure(e);
                }
            });
            if (!stillOurs) {
                continue; // another run leased it since: it sends it
            }
            OutboundPost.Outcome outcome = send(d);
            transactions.executeWrite(status -> {
                try {
                    record(status.getConnection(), d, outcome);
                } catch (SQLException e) {
                    throw Jdbc.failure(e);
                }
                return null;
            });
        }
        return due.size();
    }

    private static List<Due> lease(Connection c, UUID token) throws SQLException {
        List<Due> due = new ArrayList<>();
        // spans accounts on purpose: delivery is the operator's queue; each row names its account
        try (PreparedStatement select = c.prepareStatement("WITH due AS (SELECT source_account_id, alert_id, target"
                + " FROM np_crash_alert_deliveries WHERE status = 'pending' AND next_attempt_at <= now()"
                + " AND (leased_until IS NULL OR leased_until < now())"
                + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE np_crash_alert_deliveries d SET leased_until = now() + ?::interval, lease_token = ?,"
                + " attempts = d.attempts + 1 FROM due, np_crash_alerts a"
                + " WHERE d.source_account_id = due.source_account_id AND d.alert_id = due.alert_id"
                + " AND d.target = due.target AND a.source_account_id = d.source_account_id AND a.id = d.alert_id"
                + " RETURNING d.source_account_id, d.alert_id, d.target, d.attempts, a.kind, a.group_id, a.release,"
                + " a.data::text, a.created_at")) {
            select.setInt(1, BATCH);
            select.setString(2, OutboxLease.interval(OutboxLease.covering(BATCH)));
            select.setObject(3, token);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    due.add(new Due(
                            token,
                            r.getString(1),
                            r.getObject(2, UUID.class),
                            r.getString(3),
                            r.getInt(4),
                            AlertKind.fromWire(r.getString(5)),
                            Jdbc.nullableLong(r, "group_id"),
                            r.getString(7),
                            r.getString(8),
                            Jdbc.instant(r, "created_at")));
                }
            }
        }
        return due;
    }

    /** Renews the row's lease for its one send if the row still carries this run's token. */
    private static boolean renew(Connection c, Due d) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_alert_deliveries"
                + " SET leased_until = now() + ?::interval WHERE source_account_id = ? AND alert_id = ? AND target = ?"
                + " AND status = 'pending' AND lease_token = ?")) {
            update.setString(1, OutboxLease.interval(OutboxLease.covering(1)));
            update.setString(2, d.account());
            update.setObject(3, d.alertId());
            update.setString(4, d.target());
            update.setObject(5, d.leaseToken());
            return update.executeUpdate() == 1;
        }
    }

    private OutboundPost.Outcome send(Due d) {
        Map<String, Object> data;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = json.readValue(d.data(), Map.class);
            data = read;
        } catch (IOException e) {
            return new OutboundPost.Outcome(null, "stored alert data is unreadable");
        }
        if ("webhook".equals(d.target())) {
            if (settings.webhookUrl == null) {
                return new OutboundPost.Outcome(null, "no webhook URL configured any more");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("alert_id", d.alertId().toString());
            fields.put("source_account_id", d.account());
            fields.put("kind", d.kind().wire());
            fields.putAll(data);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "crash." + d.kind().wire());
            message.put("timestamp", d.createdAt().toString());
            message.put("data", fields);
            String body = write(message);
            Map<String, String> headers = new LinkedHashMap<>(new StandardWebhooks(settings.webhookSecret)
                    .headers(d.alertId().toString(), Instant.now().getEpochSecond(), body));
            headers.put("User-Agent", "nself-crash");
            return OutboundPost.sendToOperatorTarget(settings.webhookUrl, headers, body);
        }
        if (settings.incidentUrl == null) {
            return new OutboundPost.Outcome(null, "no incident URL configured any more");
        }
        String body = write(incidentEvent(d, data));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-App-Name", d.account());
        headers.put("User-Agent", "nself-crash");
        if (!settings.incidentToken.isEmpty()) {
            headers.put("Authorization", "Bearer " + settings.incidentToken);
        }
        return OutboundPost.sendToOperatorTarget(settings.incidentUrl, headers, body);
    }

    /** A PagerDuty Events v2 trigger, as incident-fn's events endpoint takes it. */
    static Map<String, Object> incidentEvent(Due d, Map<String, Object> data) {
        String title = data.get("title") instanceof String t ? t : "crash group " + d.groupId();
        String summary =
                switch (d.kind()) {
                    case GROUP_CREATED -> "New crash: " + title;
                    case GROUP_REGRESSED -> "Crash regressed in " + d.release() + ": " + title;
                    case GROUP_VELOCITY ->
                        "Crash spike (" + data.get("reports_in_hour") + " reports in an hour): " + title;
                    case CRASH_RATE_SPIKE ->
                        "Crash-free sessions of " + d.release() + " fell to " + data.get("crash_free_sessions")
                                + " (below " + data.get("crash_free_below") + ")";
                };
        String severity =
                switch (d.kind()) {
                    case GROUP_CREATED -> "fatal".equals(data.get("level")) ? "error" : "warning";
                    case GROUP_REGRESSED, GROUP_VELOCITY -> "error";
                    case CRASH_RATE_SPIKE -> "critical";
                };
        Map<String, Object> details = new LinkedHashMap<>(data);
        details.put("alert_id", d.alertId().toString());
        details.put("kind", d.kind().wire());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary);
        payload.put("source", "nself-crash");
        payload.put("severity", severity);
        payload.put("timestamp", d.createdAt().toString());
        payload.put("component", d.groupId() != null ? "crash-group-" + d.groupId() : "release " + d.release());
        payload.put("class", d.kind().wire());
        payload.put("custom_details", details);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", "nself-crash");
        event.put("event_action", "trigger");
        String dedup = d.groupId() != null ? "crash-group-" + d.groupId() : "crash-rate-" + d.release();
        event.put("dedup_key", dedup.length() > 255 ? dedup.substring(0, 255) : dedup);
        event.put("payload", payload);
        return event;
    }

    private static void record(Connection c, Due d, OutboundPost.Outcome outcome) throws SQLException {
        if (outcome.delivered()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_alert_deliveries SET status ="
                    + " 'delivered', delivered_at = now(), leased_until = NULL, last_status_code = ?, last_error = NULL"
                    + " WHERE source_account_id = ? AND alert_id = ? AND target = ? AND lease_token = ?")) {
                update.setInt(1, outcome.statusCode());
                update.setString(2, d.account());
                update.setObject(3, d.alertId());
                update.setString(4, d.target());
                update.setObject(5, d.leaseToken());
                update.executeUpdate();
            }
            return;
        }
        Duration retry = Backoff.after(d.attempts());
        String error = outcome.error();
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_alert_deliveries SET status = ?,"
                + " leased_until = NULL, last_status_code = ?, last_error = ?, next_attempt_at = now() + ?::interval"
                + " WHERE source_account_id = ? AND alert_id = ? AND target = ? AND lease_token = ?")) {
            update.setString(1, retry == null ? "failed" : "pending");
            update.setObject(2, outcome.statusCode());
            update.setString(3, error.length() > 500 ? error.substring(0, 500) : error);
            update.setString(4, (retry == null ? 0 : retry.toMillis()) + " milliseconds");
            update.setString(5, d.account());
            update.setObject(6, d.alertId());
            update.setString(7, d.target());
            update.setObject(8, d.leaseToken());
            update.executeUpdate();
        }
    }

    private String write(Object value) {
        try {
            return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("alert message is not serializable", e);
        }
    }
}
