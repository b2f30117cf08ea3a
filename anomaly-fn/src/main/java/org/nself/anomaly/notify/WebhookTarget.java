package org.nself.anomaly.notify;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.outbound.WebhookMessage;
import org.nself.shared.outbox.Delivery;

/**
 * The alert router ({@code nself.anomaly.webhook.url}): a Standard Webhooks-signed {@code anomaly.opened}
 * message whose id is the anomaly id (the same on every retry). The URL is the operator's, so the SSRF
 * policy for user-given URLs does not apply.
 */
@Singleton
final class WebhookTarget implements NotificationTarget {
    private final String url;
    private final StandardWebhooks signer;
    private final JsonMapper json;

    WebhookTarget(WebhookTargetSettings settings, JsonMapper json) {
        this.url = settings.url().isBlank() ? null : settings.url().strip();
        this.signer = this.url == null
                ? null
                : new StandardWebhooks(settings.secret().value().strip());
        this.json = json;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean configured() {
        return url != null;
    }

    @Override
    public String body(String account, String detectorId, Opened anomaly) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source_account_id", account);
        data.put("detector_id", detectorId);
        data.put("anomaly_id", anomaly.id().toString());
        data.put("severity", anomaly.severity());
        data.put("score", anomaly.score());
        data.put("value", anomaly.value());
        data.put("expected", anomaly.expected());
        data.put("started_at", anomaly.startedAt().toString());
        return WebhookMessage.of(json, anomaly.id().toString(), "anomaly.opened", anomaly.startedAt(), data)
                .body();
    }

    @Override
    public Send prepare(Connection c, Delivery d) {
        if (url == null) {
            return Send.refused("no webhook URL configured any more");
        }
        WebhookMessage message = new WebhookMessage(d.messageId().toString(), d.body());
        return () -> message.sendToOperatorTarget(url, signer, "nself-anomaly");
    }
}
