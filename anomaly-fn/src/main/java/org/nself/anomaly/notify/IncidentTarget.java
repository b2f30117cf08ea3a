package org.nself.anomaly.notify;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbox.Delivery;
import org.nself.shared.pagerduty.IncidentFnClient;
import org.nself.shared.pagerduty.PagerDutyEvent;

/**
 * incident-fn ({@code nself.anomaly.incident.url}, its base URL): a PagerDuty Events v2 trigger,
 * deduplicated by the anomaly id, in the anomaly's account, with {@code nself.anomaly.incident.token} as
 * bearer ({@link IncidentFnClient}).
 */
@Singleton
final class IncidentTarget implements NotificationTarget {
    private final IncidentFnClient incidentFn;

    IncidentTarget(IncidentTargetSettings settings, JsonMapper json) {
        this.incidentFn = new IncidentFnClient(
                IncidentFnClient.eventsUrl(settings.url()), settings.token().value(), "nself-anomaly", json);
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
        return incidentFn.configured();
    }

    @Override
    public String body(String account, String detectorId, Opened a) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("anomaly_id", a.id().toString());
        details.put("detector_id", detectorId);
        details.put("score", a.score());
        details.put("value", a.value());
        details.put("expected", a.expected());
        return incidentFn.body(PagerDutyEvent.trigger(
                "nself-anomaly",
                "anomaly-" + a.id(),
                new PagerDutyEvent.Payload(
                        "Anomaly on " + detectorId + ": " + a.value() + " (expected about "
                                + Math.round(a.expected() * 100) / 100.0 + ")",
                        "nself-anomaly/" + detectorId,
                        pagerDutySeverity(a.severity()),
                        a.startedAt().toString(),
                        detectorId,
                        null,
                        null,
                        details)));
    }

    @Override
    public Send prepare(Connection c, Delivery d) {
        return () -> incidentFn.send(d.account(), d.body());
    }
}
