package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.json.Json;
import org.nself.incident.sql.Sql;

/** np_incident_webhooks, and the delivery log of np_incident_webhook_deliveries (sent by {@link WebhookDelivery}). */
@Singleton
final class WebhookRepository {
    static final int MAX_PER_ACCOUNT = 20;
    private static final String COLUMNS =
            "id, url, secret, description, event_types::text AS event_types, enabled, created_at, updated_at";
    private static final String DELIVERY_COLUMNS =
            "id, webhook_id, message_id AS event_id, event_type, incident_id, seq,"
                    + " status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";
    private final Json json;

    WebhookRepository(Json json) {
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

    void insert(
            Connection c,
            String account,
            UUID id,
            String url,
            String secret,
            String description,
            List<String> eventTypes,
            boolean enabled) {
        Sql.update(
                c,
                "INSERT INTO np_incident_webhooks (source_account_id, id, url, secret, description, event_types, enabled)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)",
                account,
                id,
                url,
                secret,
                description,
                json.write(eventTypes),
                enabled);
    }

    void update(Connection c, String account, Target t) {
        Sql.update(
                c,
                "UPDATE np_incident_webhooks SET url = ?, description = ?, event_types = ?::jsonb, enabled = ?,"
                        + " updated_at = now() WHERE source_account_id = ? AND id = ?",
                t.url(),
                t.description(),
                json.write(t.eventTypes()),
                t.enabled(),
                account,
                t.id());
    }

    boolean delete(Connection c, String account, UUID id) {
        return Sql.update(c, "DELETE FROM np_incident_webhooks WHERE source_account_id = ? AND id = ?", account, id)
                == 1;
    }

    Optional<Target> find(Connection c, String account, UUID id) {
        return Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = ? AND id = ?",
                this::target,
                account,
                id);
    }

    List<Target> list(Connection c, String account, int limit, long offset) {
        return Sql.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = ?"
                        + " ORDER BY created_at, id LIMIT ? OFFSET ?",
                this::target,
                account,
                limit,
                offset);
    }

    List<Target> enabled(Connection c, String account) {
        return Sql.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = ? AND enabled"
                        + " ORDER BY created_at, id LIMIT " + MAX_PER_ACCOUNT,
                this::target,
                account);
    }

    long count(Connection c, String account) {
        return Sql.count(c, "SELECT count(*) FROM np_incident_webhooks WHERE source_account_id = ?", account);
    }

    List<Delivery> deliveries(Connection c, String account, UUID webhookId, int limit, long offset) {
        return Sql.query(
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
        return Sql.count(
                c,
                "SELECT count(*) FROM np_incident_webhook_deliveries WHERE source_account_id = ? AND webhook_id = ?",
                account,
                webhookId);
    }

    private Target target(ResultSet r) throws SQLException {
        return new Target(
                r.getObject("id", UUID.class),
                r.getString("url"),
                r.getString("secret"),
                r.getString("description"),
                json.readStringList(r.getString("event_types")),
                r.getBoolean("enabled"),
                Sql.instant(r, "created_at"),
                Sql.instant(r, "updated_at"));
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
                Sql.instant(r, "next_attempt_at"),
                (Integer) r.getObject("last_status_code"),
                r.getString("last_error"),
                Sql.instant(r, "created_at"),
                Sql.instant(r, "delivered_at"));
    }
}
