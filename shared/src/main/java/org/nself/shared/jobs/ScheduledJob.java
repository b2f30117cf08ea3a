package org.nself.shared.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * A periodic job (rollups, retention, scheduled detectors, step time-outs). Implementations are beans;
 * {@link ServerJobScheduler} runs them in server mode and {@link org.nself.shared.lambda.ScheduledJobHandler}
 * in Lambda mode. A job leases its units of work through {@link JobLease}, so it is safe to run on any
 * number of instances at once.
 */
public interface ScheduledJob {
    /** A stable name, e.g. {@code crash-rollup}; the EventBridge rule names it in its input. */
    String name();

    /** How often it runs; its tick is the start of the current interval. */
    Duration interval();

    /** Does one tick's work and says how many units it did. */
    int run(Instant tick);

    /** The tick that {@code now} falls in. */
    default Instant tickOf(Instant now) {
        long ms = interval().toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), ms));
    }
}
