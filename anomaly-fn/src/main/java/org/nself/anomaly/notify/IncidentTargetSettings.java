package org.nself.anomaly.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import org.nself.shared.config.Secret;

/** {@code nself.anomaly.incident.*}: incident-fn's base URL (empty: not sent) and its bearer token. */
@ConfigurationProperties("nself.anomaly.incident")
@Context
record IncidentTargetSettings(String url, Secret token) {}
