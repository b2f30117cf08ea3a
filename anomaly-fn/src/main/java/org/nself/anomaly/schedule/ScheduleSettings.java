package org.nself.anomaly.schedule;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/** {@code nself.anomaly.schedule.tick} (default 10s in application.yml): how often due detectors are looked for. */
@ConfigurationProperties("nself.anomaly.schedule")
@Context
record ScheduleSettings(Duration tick) {}
