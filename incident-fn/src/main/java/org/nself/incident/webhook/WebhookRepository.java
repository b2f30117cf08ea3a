package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;
import org.nself.shared.outbound.OutboxLease;

/** The delivery side of np_incident_webhooks (enabled targets) and np_incident_webhook_deliveries. */
@Singleton
final class WebhookRepository {
    static final int MAX_PER_ACCOUNT = 20;
    private static final String COLUMNS =
            "id, url, secret, description, event_types::text AS event_types, enabled, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "id, webhook_id, event_id, event_type, incident_id, seq, status,"
            + " attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";
    private final JsonText json;

    WebhookRepository(JsonText json) {
        this.json = json;
    }

    /** A stored target with its secret. */
    record Target(
            UUID id,
            String url,
            String secret,
            String description,
            List<String> eventTypes,
            boolean enabled,
            java.time.Instant createdAt,
            java.time.Instant updatedAt) {
        Webhook view(boolean withSecret) {
            return new Webhook(
                    id, url, description, eventTypes, enabled, withSecret ? secret : null, createdAt, updatedAt);
        }

        boolean wants(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType) || eventTypes.contains("*");
        }
    }

    List<Target> enabled(Connection c, String account) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = ? AND enabled"
                        + " ORDER BY created_at, id LIMIT " + MAX_PER_ACCOUNT,
                this::target,
                account);
    }

    void enqueue(
            Connection c,
            String account,
            UUID webhookId,
            UUID eventId,
            String eventType,
            UUID incidentId,
            long seq,
            String payload) {
        Jdbc.update(
                c,
                "INSERT INTO np_incident_webhook_deliveries (source_account_id, id, webhook_id, event_id, event_type,"
                        + " incident_id, seq, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                account,
                UUID.randomUUID(),
                webhookId,
                eventId,
                eventType,
                incidentId,
                seq,
                payload);
    }

    List<Delivery> deliveries(Connection c, String account, UUID webhookId, int limit, long offset) {
        return Jdbc.query(
                c,
                "SELECT " + DELIVERY_COLUMNS + " FROM np_incident_webhook_deliveries"
                        + " WHERE source_account_id = ? AND webhook_id = ? ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                WebhookRepository::delivery,
                account,
                webhookId,
                limit,
                offset);
    }

    long countDeliveries(Connection c, String account, UUID webhookId) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM np_incident_webhook_deliveries WHERE source_account_id = ? AND webhook_id = ?",
                account,
                webhookId);
    }

    /** A delivery leased for sending, under the leasing run's token. */
    record Due(
            UUID leaseToken,
            String account,
            UUID id,
            UUID eventId,
            String payload,
            int attempts,
            String url,
            String secret) {}

    /**
     * Leases due deliveries (any account) under {@code token} for longer than their sends take
     * ({@link OutboxLease}); concurrent workers skip each other's rows.
     */
    List<Due> lease(Connection c, int limit, UUID token) {
        return Jdbc.query(
                c,
                "WITH due AS (SELECT source_account_id, id FROM np_incident_webhook_deliveries"
                        + " WHERE status = 'pending' AND next_attempt_at <= now()"
                        + " AND (leased_until IS NULL OR leased_until < now())"
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " UPDATE np_incident_webhook_deliveries d SET leased_until = now() + ?::interval,"
                        + " lease_token = ?, attempts = d.attempts + 1 FROM due, np_incident_webhooks w"
                        + " WHERE d.source_account_id = due.source_account_id AND d.id = due.id"
                        + " AND w.source_account_id = d.source_account_id AND w.id = d.webhook_id"
                        + " RETURNING d.source_account_id, d.id, d.event_id, d.payload, d.attempts, w.url, w.secret",
                r -> new Due(
                        token,
                        r.getString(1),
                        r.getObject(2, UUID.class),
                        r.getObject(3, UUID.class),
                        r.getString(4),
                        r.getInt(5),
                        r.getString(6),
                        r.getString(7)),
                limit,
                OutboxLease.interval(OutboxLease.covering(limit)),
                token);
    }

    /** Renews a delivery's lease for its one send if it still carries the run's token; false when it does not. */
    boolean renew(Connection c, Due d) {
        return Jdbc.update(
                        c,
                        "UPDATE np_incident_webhook_deliveries SET leased_until = now() + ?::interval"
                                + " WHERE source_account_id = ? AND id = ? AND status = 'pending' AND lease_token = ?",
                        OutboxLease.interval(OutboxLease.covering(1)),
                        d.account(),
                        d.id(),
                        d.leaseToken())
                == 1;
    }

    void delivered(Connection c, Due d, int statusCode) {
        Jdbc.update(
                c,
                "UPDATE np_incident_webhook_deliveries SET status = 'delivered', delivered_at = now(),"
                        + " leased_until = NULL, last_status_code = ?, last_error = NULL WHERE source_account_id = ? AND id = ?"
                        + " AND lease_token = ?",
                statusCode,
                d.account(),
                d.id(),
                d.leaseToken());
    }

    void failed(Connection c, Due d, Integer statusCode, String error, java.time.Duration retryIn) {
        Jdbc.update(
                c,
                "UPDATE np_incident_webhook_deliveries SET status = ?, leased_until = NULL, last_status_code = ?,"
                        + " last_error = ?, next_attempt_at = now() + ?::interval WHERE source_account_id = ? AND id = ?"
                        + " AND lease_token = ?",
                retryIn == null ? "failed" : "pending",
                statusCode,
                error.length() > 500 ? error.substring(0, 500) : error,
                (retryIn == null ? 0 : retryIn.toMillis()) + " milliseconds",
                d.account(),
                d.id(),
                d.leaseToken());
    }

    private Target target(ResultSet r) throws SQLException {
        return new Target(
                r.getObject("id", UUID.class),
                r.getString("url"),
                r.getString("secret"),
                r.getString("description"),
                json.readStringList(r.getString("event_types")),
                r.getBoolean("enabled"),
                Jdbc.instant(r, "created_at"),
                Jdbc.instant(r, "updated_at"));
    }

    private static Delivery delivery(ResultSet r) throws SQLException {
        return new Delivery(
                r.getObject("id", UUID.class),
                r.getObject("webhook_id", UUID.class),
                r.getObject("event_id", UUID.class),
                r.getString("event_type"),
                r.getObject("incident_id", UUID.class),
                r.getLong("seq"),
                r.getString("status"),
                r.getInt("attempts"),
                Jdbc.instant(r, "next_attempt_at"),
                (Integer) r.getObject("last_status_code"),
                r.getString("last_error"),
                Jdbc.instant(r, "created_at"),
                Jdbc.instant(r, "delivered_at"));
    }
}
