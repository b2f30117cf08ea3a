package org.nself.anomaly.schedule;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;

/** {@code nself.anomaly.retention-days} (NSELF_ANOMALY_RETENTION_DAYS, default 90 in application.yml). */
@ConfigurationProperties("nself.anomaly")
@Context
record RetentionSettings(@Min(1) int retentionDays) {}
