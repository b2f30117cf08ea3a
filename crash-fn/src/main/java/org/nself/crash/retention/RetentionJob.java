package org.nself.crash.retention;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.Chunks;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Deletes reports received, sessions started and alerts raised (with their deliveries) more than {@code nself.crash.retention.days}
 * (NSELF_CRASH_RETENTION_DAYS, default 90) ago, in chunks, under a lease so one instance does it, and
 * job-run records older than {@link JobLease#RUNS_KEPT}.
 * Groups keep their counts and the hourly rollups stay (they are small), so stats over older periods
 * remain available.
 */
@Singleton
final class RetentionJob implements ScheduledJob {
    static final String NAME = "crash-retention";
    private static final int CHUNK = 5000;
    private static final int MAX_CHUNKS_PER_RUN = 200;
    private static final String[] DELETES = {
        "DELETE FROM np_crash_reports WHERE ctid = ANY(ARRAY(SELECT ctid FROM np_crash_reports"
                + " WHERE received_at < ? LIMIT " + CHUNK + "))",
        "DELETE FROM np_crash_sessions WHERE ctid = ANY(ARRAY(SELECT ctid FROM np_crash_sessions"
                + " WHERE started < ? LIMIT " + CHUNK + "))",
        "DELETE FROM np_crash_session_aggregates WHERE ctid = ANY(ARRAY(SELECT ctid FROM np_crash_session_aggregates"
                + " WHERE started < ? LIMIT " + CHUNK + "))",
        "DELETE FROM np_crash_alerts WHERE ctid = ANY(ARRAY(SELECT ctid FROM np_crash_alerts"
                + " WHERE created_at < ? LIMIT " + CHUNK + "))"
    };
    private final Chunks chunks;
    private final JobLease lease;
    private final Duration keep;

    RetentionJob(Chunks chunks, JobLease lease, RetentionSettings settings) {
        this.chunks = chunks;
        this.lease = lease;
        this.keep = Duration.ofDays(settings.days());
    }

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(NAME, Duration.ofHours(1));
    }

    @Override
    public int run(Instant tick) {
        return lease.whileHeld(
                "primary",
                NAME,
                Duration.ofMinutes(30),
                () -> deleteOlderThan(tick.minus(keep)) + lease.pruneRuns(JobLease.RUNS_KEPT));
    }

    /** Returns how many rows went. Retention spans every account: it is the operator's policy. */
    int deleteOlderThan(Instant cutoff) {
        int total = 0;
        for (String delete : DELETES) {
            total += chunks.repeat(MAX_CHUNKS_PER_RUN, c -> {
                int deleted = Jdbc.update(c, delete, cutoff);
                return new Chunks.Chunk(deleted, deleted >= CHUNK);
            });
        }
        return total;
    }
}
