package org.nself.anomaly.notify;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbound.OutboundPost;

/**
 * incident-fn ({@code nself.anomaly.incident.url}, its base URL): a PagerDuty Events v2 trigger on its
 * {@code /api/v1/integrations/events}, deduplicated by the anomaly id, in the anomaly's account
 * ({@code X-App-Name}), with {@code nself.anomaly.incident.token} as bearer. The URL is the operator's (incident-fn
 * usually sits at a private address), so the SSRF policy for user-given URLs does not apply.
 */
@Singleton
final class IncidentTarget implements NotificationTarget {
    private final String url;
    private final String token;
    private final JsonMapper json;

    IncidentTarget(IncidentTargetSettings settings, JsonMapper json) {
        String url = settings.url();
        this.url = url.isBlank() ? null : url.strip().replaceAll("/+$", "") + "/api/v1/integrations/events";
        this.token = settings.token().strip();
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
    public String name() {
        return "incident";
    }

    @Override
    public boolean configured() {
        return url != null;
    }

    @Override
    public String body(String account, String detectorId, Opened a) {
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
        return WebhookTarget.write(json, event);
    }

    @Override
    public OutboundPost.Outcome send(String account, UUID anomalyId, String body) {
        if (url == null) {
            return new OutboundPost.Outcome(null, "no incident URL configured any more");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-App-Name", account);
        headers.put("User-Agent", "nself-anomaly");
        if (!token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        return OutboundPost.sendToOperatorTarget(url, headers, body);
    }
}
