package org.nself.anomaly.schedule;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Deletes data points older than {@code nself.anomaly.retention-days} (default 90), in batches of
 * 10,000, once per tick under a lease so only one instance does it, and job-run records older than
 * {@link JobLease#RUNS_KEPT}. Anomalies are kept.
 */
@Singleton
record PointRetentionJob(TransactionOperations<Connection> tx, JobLease lease, RetentionSettings settings)
        implements ScheduledJob {
    static final String NAME = "anomaly-point-retention";
    static final int BATCH = 10_000;

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(NAME, Duration.ofHours(1));
    }

    @Override
    public int run(Instant tick) {
        int[] deleted = {0};
        lease.runOnce("primary", NAME, "all", tick, () -> {
            Instant cutoff = tick.minus(Duration.ofDays(settings.retentionDays()));
            int n;
            do {
                n = tx.executeWrite(s -> Jdbc.update(
                        s.getConnection(),
                        "DELETE FROM np_anomaly_data_points WHERE ctid IN"
                                + " (SELECT ctid FROM np_anomaly_data_points WHERE ts < ? LIMIT " + BATCH + ")",
                        cutoff));
                deleted[0] += n;
            } while (n == BATCH);
            deleted[0] += lease.pruneRuns(JobLease.RUNS_KEPT);
        });
        return deleted[0];
    }
}
