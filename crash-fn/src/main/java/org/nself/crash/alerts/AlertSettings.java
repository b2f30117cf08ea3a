package org.nself.crash.alerts;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where alerts go and when spikes fire ({@code nself.crash.alerts.*}, e.g. NSELF_CRASH_ALERTS_WEBHOOK_URL).
 * With neither target set, alerts are still recorded and listed, and nothing is sent.
 */
@Singleton
public final class AlertSettings {
    final String webhookUrl;
    final String webhookSecret;
    final String incidentUrl;
    final String incidentToken;
    final Set<AlertKind> incidentKinds;
    final long velocityMinReports;
    final double velocityFactor;
    final double crashFreeBelow;
    final long rateMinSessions;

    AlertSettings(
            @Value("${nself.crash.alerts.webhook.url:}") String webhookUrl,
            @Value("${nself.crash.alerts.webhook.secret:}") String webhookSecret,
            @Value("${nself.crash.alerts.incident.url:}") String incidentUrl,
            @Value("${nself.crash.alerts.incident.token:}") String incidentToken,
            @Value("${nself.crash.alerts.incident.kinds:group.regressed,group.velocity,crash_rate.spike}")
                    String incidentKinds,
            @Value("${nself.crash.alerts.velocity.min-reports:100}") long velocityMinReports,
            @Value("${nself.crash.alerts.velocity.factor:10}") double velocityFactor,
            @Value("${nself.crash.alerts.crash-rate.crash-free-below:0.99}") double crashFreeBelow,
            @Value("${nself.crash.alerts.crash-rate.min-sessions:100}") long rateMinSessions) {
        this.webhookUrl = webhookUrl.isBlank() ? null : webhookUrl.strip();
        this.webhookSecret = webhookSecret.strip();
        if (this.webhookUrl != null && this.webhookSecret.isEmpty()) {
            throw new IllegalArgumentException(
                    "nself.crash.alerts.webhook.secret is required with nself.crash.alerts.webhook.url");
        }
        this.incidentUrl = incidentUrl.isBlank()
                ? null
                : incidentUrl.strip().replaceAll("/+$", "") + "/api/v1/integrations/events";
        this.incidentToken = incidentToken.strip();
        this.incidentKinds = EnumSet.noneOf(AlertKind.class);
        for (String kind : incidentKinds.split(",")) {
            if (!kind.isBlank()) {
                try {
                    this.incidentKinds.add(AlertKind.fromWire(kind.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("nself.crash.alerts.incident.kinds: unknown kind '"
                            + kind.strip() + "' (group.created, group.regressed, group.velocity, crash_rate.spike)");
                }
            }
        }
        if (velocityMinReports < 1 || velocityFactor <= 1) {
            throw new IllegalArgumentException(
                    "nself.crash.alerts.velocity: min-reports must be at least 1 and factor above 1");
        }
        if (!(crashFreeBelow > 0 && crashFreeBelow <= 1) || rateMinSessions < 1) {
            throw new IllegalArgumentException("nself.crash.alerts.crash-rate: crash-free-below must be in (0, 1]"
                    + " and min-sessions at least 1");
        }
        this.velocityMinReports = velocityMinReports;
        this.velocityFactor = velocityFactor;
        this.crashFreeBelow = crashFreeBelow;
        this.rateMinSessions = rateMinSessions;
    }

    /** The targets this kind of alert is delivered to. */
    Set<String> targets(AlertKind kind) {
        Set<String> targets = new java.util.LinkedHashSet<>();
        if (webhookUrl != null) {
            targets.add("webhook");
        }
        if (incidentUrl != null && incidentKinds.contains(kind)) {
            targets.add("incident");
        }
        return targets;
    }
}
