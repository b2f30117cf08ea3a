package org.nself.shared.jobs;

import java.time.Instant;

/**
 * A periodic job (rollups, retention, scheduled detectors, step time-outs). Implementations are beans;
 * {@link ServerJobScheduler} runs them in server mode and {@link org.nself.shared.lambda.ScheduledJobHandler}
 * in Lambda mode. A job leases its units of work through {@link JobLease}, so it is safe to run on any
 * number of instances at once.
 */
public interface ScheduledJob {
    /** Its name and interval. */
    JobSchedule schedule();

    /** Does one tick's work and says how many units it did. */
    int run(Instant tick);
}
