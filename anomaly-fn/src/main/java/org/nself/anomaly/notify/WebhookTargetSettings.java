package org.nself.anomaly.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import org.nself.shared.config.ConfigurationError;

/** {@code nself.anomaly.webhook.*}: the alert router's URL (empty: not sent) and its signing secret. */
@ConfigurationProperties("nself.anomaly.webhook")
@Context
record WebhookTargetSettings(String url, String secret) {
    WebhookTargetSettings {
        if (!url.isBlank() && secret.isBlank()) {
            throw new ConfigurationError("NSELF_ANOMALY_WEBHOOK_SECRET", "is required with NSELF_ANOMALY_WEBHOOK_URL");
        }
    }

    @Override
    public String toString() {
        return "WebhookTargetSettings[" + url + ", secret=…]";
    }
}
