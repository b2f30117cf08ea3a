package org.nself.anomaly.notify;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbound.OutboundPost;
import org.nself.shared.outbound.StandardWebhooks;

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
        this.signer =
                this.url == null ? null : new StandardWebhooks(settings.secret().strip());
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
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "anomaly.opened");
        message.put("timestamp", anomaly.startedAt().toString());
        message.put("data", data);
        return write(json, message);
    }

    @Override
    public OutboundPost.Outcome send(String account, UUID anomalyId, String body) {
        if (url == null) {
            return new OutboundPost.Outcome(null, "no webhook URL configured any more");
        }
        Map<String, String> headers = new LinkedHashMap<>(
                signer.headers(anomalyId.toString(), Instant.now().getEpochSecond(), body));
        headers.put("User-Agent", "nself-anomaly");
        return OutboundPost.sendToOperatorTarget(url, headers, body);
    }

    static String write(JsonMapper json, Object value) {
        try {
            return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("notification is not serializable", e);
        }
    }
}
