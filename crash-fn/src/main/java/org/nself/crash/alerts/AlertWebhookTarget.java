package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.outbound.WebhookMessage;
import org.nself.shared.outbox.Delivery;
import org.nself.shared.outbox.DeliveryTarget;

/**
 * The alert router ({@code nself.crash.alerts.webhook.url}): a Standard Webhooks-signed {@code crash.<kind>}
 * message whose id is the alert id (kept across retries). The URL is the operator's, so the SSRF policy for
 * user-given URLs does not apply.
 */
@Singleton
final class AlertWebhookTarget implements DeliveryTarget {
    static final String NAME = "webhook";
    private final AlertSettings settings;
    private final JsonMapper json;

    AlertWebhookTarget(AlertSettings settings, JsonMapper json) {
        this.settings = settings;
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
    }
}
