package org.nself.anomaly.notify;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
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
        Data data = new Data(
                account,
                detectorId,
                anomaly.id(),
                anomaly.severity(),
                anomaly.score(),
                anomaly.value(),
                anomaly.expected(),
                anomaly.startedAt().toString());
        return WebhookMessage.of(json, anomaly.id().toString(), "anomaly.opened", anomaly.startedAt(), data)
                .body();
    }

    /**
     * The message's {@code data}, snake_case in this order. {@code startedAt} is {@link
     * java.time.Instant#toString()}, as the message's own timestamp, not serde's date format.
     */
    @Serdeable
    record Data(
            String sourceAccountId,
            String detectorId,
            UUID anomalyId,
            String severity,
            double score,
            double value,
            double expected,
            String startedAt) {}

    @Override
    public Send prepare(Connection c, Delivery d) {
        if (url == null) {
            return Send.refused("no webhook URL configured any more");
        }
        WebhookMessage message = new WebhookMessage(d.messageId().toString(), d.body());
        return () -> message.sendToOperatorTarget(url, signer, "nself-anomaly");
    }
}
