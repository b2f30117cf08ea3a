package org.nself.anomaly.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import org.nself.shared.config.ConfigurationError;
import org.nself.shared.config.Secret;

/** {@code nself.anomaly.webhook.*}: the alert router's URL (empty: not sent) and its signing secret. */
@ConfigurationProperties("nself.anomaly.webhook")
@Context
record WebhookTargetSettings(String url, Secret secret) {
    WebhookTargetSettings {
        if (!url.isBlank() && secret.isBlank()) {
            throw new ConfigurationError("NSELF_ANOMALY_WEBHOOK_SECRET", "is required with NSELF_ANOMALY_WEBHOOK_URL");
        }
    }
}
