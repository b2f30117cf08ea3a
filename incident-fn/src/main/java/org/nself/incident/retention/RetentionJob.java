package org.nself.incident.retention;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Deletes rows of one table older than {@code keep}, at most {@value #BATCH} per run and skipping rows
 * another instance holds, so concurrent instances share the work. Table, key and condition are
 * constants from {@link RetentionJobs}, never input. Each run also forgets job-run records older than
 * {@link JobLease#RUNS_KEPT}, so that table stays bounded whichever retention schedule is on.
 */
record RetentionJob(
        String name,
        Duration keep,
        String table,
        String keyColumns,
        String condition,
        TransactionOperations<Connection> tx,
        JobLease lease)
        implements ScheduledJob {
    static final int BATCH = 10_000;
    static final Duration INTERVAL = Duration.ofHours(1);

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(name, INTERVAL);
    }

    @Override
    public int run(Instant tick) {
        String where = condition.isEmpty() ? "" : condition + " AND ";
        int deleted = tx.executeWrite(status -> Jdbc.update(
                status.getConnection(),
                "DELETE FROM " + table + " WHERE (" + keyColumns + ") IN (SELECT " + keyColumns + " FROM " + table
                        + " WHERE " + where + "created_at < ? LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)",
                tick.minus(keep)));
        return deleted + lease.pruneRuns(JobLease.RUNS_KEPT);
    }
}
