package org.nself.crash.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.util.EnumSet;
import java.util.Set;
import org.nself.shared.config.ConfigurationError;
import org.nself.shared.config.Secret;

/**
 * Where alerts go and when spikes fire ({@code nself.crash.alerts.*}, e.g. NSELF_CRASH_ALERTS_WEBHOOK_URL;
 * the defaults are in application.yml). With neither target set, alerts are still recorded and listed, and
 * nothing is sent.
 */
@Context
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

    AlertSettings(Webhook webhook, Incident incident, Velocity velocity, CrashRate crashRate) {
        this.webhookUrl = webhook.url().isBlank() ? null : webhook.url().strip();
        this.webhookSecret = webhook.secret().value().strip();
        if (this.webhookUrl != null && this.webhookSecret.isEmpty()) {
            throw new ConfigurationError(
                    "NSELF_CRASH_ALERTS_WEBHOOK_SECRET", "is required with NSELF_CRASH_ALERTS_WEBHOOK_URL");
        }
        this.incidentUrl = incident.url().isBlank()
                ? null
                : incident.url().strip().replaceAll("/+$", "") + "/api/v1/integrations/events";
        this.incidentToken = incident.token().value().strip();
        this.incidentKinds = EnumSet.noneOf(AlertKind.class);
        for (String kind : incident.kinds().split(",")) {
            if (!kind.isBlank()) {
                try {
                    this.incidentKinds.add(AlertKind.fromWire(kind.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationError(
                            "NSELF_CRASH_ALERTS_INCIDENT_KINDS",
                            "unknown kind '" + kind.strip()
                                    + "' (group.created, group.regressed, group.velocity, crash_rate.spike)");
                }
            }
        }
        this.velocityMinReports = velocity.minReports();
        this.velocityFactor = velocity.factor();
        this.crashFreeBelow = crashRate.crashFreeBelow();
        this.rateMinSessions = crashRate.minSessions();
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

    /** The alert router: every alert, signed with the secret (required with the URL). */
    @ConfigurationProperties("nself.crash.alerts.webhook")
    @Context
    record Webhook(String url, Secret secret) {}

    /** incident-fn's base URL, its bearer token and the alert kinds that open an incident (comma separated). */
    @ConfigurationProperties("nself.crash.alerts.incident")
    @Context
    record Incident(String url, Secret token, String kinds) {}

    /** A velocity spike: at least {@code minReports} in an hour, over {@code factor} times the hourly average. */
    @ConfigurationProperties("nself.crash.alerts.velocity")
    @Context
    record Velocity(
            @Min(1) long minReports,
            @DecimalMin(value = "1", inclusive = false, message = "must be greater than 1") double factor) {}

    /** A crash-rate spike: a release's sessions of an hour (at least {@code minSessions}) less crash-free than this. */
    @ConfigurationProperties("nself.crash.alerts.crash-rate")
    @Context
    record CrashRate(
            @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0") @DecimalMax("1")
                    double crashFreeBelow,
            @Min(1) long minSessions) {}
}
