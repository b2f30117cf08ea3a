package org.nself.anomaly.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/** {@code nself.anomaly.incident.*}: incident-fn's base URL (empty: not sent) and its bearer token. */
@ConfigurationProperties("nself.anomaly.incident")
@Context
record IncidentTargetSettings(String url, String token) {
    @Override
    public String toString() {
        return "IncidentTargetSettings[" + url + ", token=…]";
    }
}
