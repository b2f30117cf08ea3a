package org.nself.anomaly.notify;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.shared.outbound.OutboundPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code nself.anomaly.incident.url} (incident-fn's base URL) is set, each opened anomaly triggers
 * an incident through incident-fn's events endpoint ({@code POST /api/v1/integrations/events}, PagerDuty
 * Events v2), deduplicated by the anomaly id, in the anomaly's account ({@code X-App-Name}).
 */
@Singleton
final class IncidentNotifier implements AnomalyNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentNotifier.class);
    private final String url;
    private final String token;
    private final OutboundPolicy policy;
    private final JsonMapper json;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IncidentNotifier(
            @Value("${nself.anomaly.incident.url:}") String url,
            @Value("${nself.anomaly.incident.token:}") String token,
            OutboundPolicy policy,
            JsonMapper json) {
        this.url = url.isBlank() ? null : url.replaceAll("/+$", "") + "/api/v1/integrations/events";
        this.token = token;
        this.policy = policy;
        this.json = json;
    }

    static String pagerDutySeverity(String severity) {
        return switch (severity) {
            case "critical" -> "critical";
            case "high" -> "error";
            case "medium" -> "warning";
            default -> "info";
        };
    }

    @Override
    public void opened(String account, String detectorId, List<Opened> anomalies) {
        if (url == null) {
            return;
        }
        for (Opened a : anomalies) {
            try {
                policy.check("nself.anomaly.incident.url", url);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("anomaly_id", a.id().toString());
                details.put("detector_id", detectorId);
                details.put("score", a.score());
                details.put("value", a.value());
                details.put("expected", a.expected());
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put(
                        "summary",
                        "Anomaly on " + detectorId + ": " + a.value() + " (expected about "
                                + Math.round(a.expected() * 100) / 100.0 + ")");
                payload.put("source", "nself-anomaly/" + detectorId);
                payload.put("severity", pagerDutySeverity(a.severity()));
                payload.put("timestamp", a.startedAt().toString());
                payload.put("component", detectorId);
                payload.put("custom_details", details);
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("routing_key", "nself-anomaly");
                event.put("event_action", "trigger");
                event.put("dedup_key", "anomaly-" + a.id());
                event.put("payload", payload);
                String body = new String(json.writeValueAsBytes(event), StandardCharsets.UTF_8);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("X-App-Name", account)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (!token.isBlank()) {
                    request.header("Authorization", "Bearer " + token);
                }
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() >= 300) {
                                LOG.warn(
                                        "incident for anomaly {} failed: {}",
                                        a.id(),
                                        e != null ? e.toString() : "HTTP " + r.statusCode() + " " + r.body());
                            }
                        });
            } catch (RuntimeException | java.io.IOException e) {
                LOG.warn("incident for anomaly {} refused: {}", a.id(), e.getMessage());
            }
        }
    }
}
