package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.outbound.WebhookMessage;
import org.nself.shared.outbox.Delivery;
import org.nself.shared.outbox.DeliveryTarget;

/**
 * Sends a delivery to its webhook's URL, a URL a user gave (so the outbound policy checks it on every
 * attempt), signed with the webhook's secret; the message id is the timeline entry's id.
 */
@Singleton
record SignedWebhookTarget(OutboundPolicy outbound) implements DeliveryTarget {
    static final String NAME = "webhook";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Send prepare(Connection c, Delivery d) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT w.url, w.secret FROM np_incident_webhook_deliveries d"
                        + " JOIN np_incident_webhooks w ON w.source_account_id = d.source_account_id AND w.id = d.webhook_id"
                        + " WHERE d.source_account_id = ? AND d.id = ?")) {
            select.setString(1, d.account());
            select.setObject(2, d.id());
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return Send.refused("the webhook is gone"); // deleting a webhook deletes its deliveries
                }
                String url = r.getString(1);
                StandardWebhooks signer = new StandardWebhooks(r.getString(2));
                WebhookMessage message = new WebhookMessage(d.messageId().toString(), d.body());
                return () -> message.send(outbound, url, signer, "nself-incident-mgmt");
            }
        }
    }
}
