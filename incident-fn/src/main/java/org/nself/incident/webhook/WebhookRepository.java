package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/** The enabled targets of np_incident_webhooks and the delivery log of np_incident_webhook_deliveries (sent by {@link WebhookDelivery}). */
@Singleton
final class WebhookRepository {
    static final int MAX_PER_ACCOUNT = 20;
    private static final String COLUMNS =
            "id, url, secret, description, event_types::text AS event_types, enabled, created_at, updated_at";
    private static final String DELIVERY_COLUMNS =
            "id, webhook_id, message_id AS event_id, event_type, incident_id, seq,"
                    + " status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";
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
