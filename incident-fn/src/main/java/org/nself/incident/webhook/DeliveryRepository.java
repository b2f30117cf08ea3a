package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;

/** The delivery log of np_incident_webhook_deliveries (written and sent by {@link WebhookDelivery}). */
@Singleton
final class DeliveryRepository {
    private static final String COLUMNS = "id, webhook_id, message_id AS event_id, event_type, incident_id, seq,"
            + " status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";

    List<Delivery> list(Connection c, String account, UUID webhookId, int limit, long offset) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_webhook_deliveries"
                        + " WHERE source_account_id = ? AND webhook_id = ? ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                DeliveryRepository::delivery,
                account,
                webhookId,
                limit,
                offset);
    }

    long count(Connection c, String account, UUID webhookId) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM np_incident_webhook_deliveries WHERE source_account_id = ? AND webhook_id = ?",
                account,
                webhookId);
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
