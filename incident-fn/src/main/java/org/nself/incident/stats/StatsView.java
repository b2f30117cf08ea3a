package org.nself.incident.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** Incident counts and response times over a period; durations in seconds from started_at. */
@Serdeable
record StatsView(
        String period,
        Instant since,
        Instant until,
        long total,
        Map<String, Long> bySeverity,
        Map<String, Long> byStatus,
        long reopened,
        Duration mtta,
        Duration mttm,
        Duration mttr) {

    /** One milestone's time from start: how many incidents reached it, median and mean (null when none did). */
    @Serdeable
    record Duration(long count, @Nullable Double medianSeconds, @Nullable Double meanSeconds) {}
}
