package org.nself.anomaly.notify;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.outbound.StandardWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a Standard Webhooks-signed {@code anomaly.opened} message to {@code nself.anomaly.webhook.url}
 * (the alert router) when one is configured. Delivery is best effort after commit: a failed delivery
 * is logged and never undoes the ingest.
 */
@Singleton
final class WebhookNotifier implements AnomalyNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private final String url;
    private final StandardWebhooks signer;
    private final OutboundPolicy policy;
    private final io.micronaut.json.JsonMapper json;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebhookNotifier(
            @Value("${nself.anomaly.webhook.url:}") String url,
            @Value("${nself.anomaly.webhook.secret:}") String secret,
            OutboundPolicy policy,
            io.micronaut.json.JsonMapper json) {
        this.json = json;
        this.url = url.isBlank() ? null : url;
        this.signer = this.url == null || secret.isBlank() ? null : new StandardWebhooks(secret);
        this.policy = policy;
    }

    @Override
    public void opened(String account, String detectorId, List<Opened> anomalies) {
        if (url == null || signer == null) {
            return;
        }
        for (Opened anomaly : anomalies) {
            UUID id = anomaly.id();
            try {
                String body = new String(
                        json.writeValueAsBytes(java.util.Map.of(
                                "type",
                                "anomaly.opened",
                                "data",
                                java.util.Map.of(
                                        "source_account_id",
                                        account,
                                        "detector_id",
                                        detectorId,
                                        "anomaly_id",
                                        id.toString(),
                                        "severity",
                                        anomaly.severity(),
                                        "score",
                                        anomaly.score(),
                                        "value",
                                        anomaly.value(),
                                        "started_at",
                                        anomaly.startedAt().toString()))),
                        java.nio.charset.StandardCharsets.UTF_8);
                policy.check("nself.anomaly.webhook.url", url);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                signer.headers(id.toString(), System.currentTimeMillis() / 1000, body)
                        .forEach(request::header);
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() >= 300) {
                                LOG.warn(
                                        "anomaly webhook for {} failed: {}",
                                        id,
                                        e != null ? e.toString() : "HTTP " + r.statusCode());
                            }
                        });
            } catch (RuntimeException | java.io.IOException e) {
                LOG.warn("anomaly webhook for {} refused: {}", id, e.getMessage());
            }
        }
    }
}
