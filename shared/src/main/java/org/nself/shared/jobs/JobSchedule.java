package org.nself.shared.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link ScheduledJob} is called and how often it runs.
 *
 * @param name a stable name, e.g. {@code crash-rollup}; the EventBridge rule names it in its input
 * @param interval how often it runs; its tick is the start of the current interval
 */
public record JobSchedule(String name, Duration interval) {
    public JobSchedule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job needs a name");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("job " + name + " needs a positive interval");
        }
    }

    /** The tick that {@code now} falls in. */
    public Instant tickOf(Instant now) {
        long ms = interval.toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), ms));
    }
}
