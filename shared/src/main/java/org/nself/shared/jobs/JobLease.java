package org.nself.shared.jobs;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.nself.shared.jdbc.Jdbc;

/**
 * Exactly-once units of scheduled work across instances, leased in PostgreSQL.
 *
 * <p>{@link #runOnce} inserts the unit's row {@code (account, job, unit, tick)} and does the work in the
 * same transaction. A second instance inserting the same row waits on the first one's uncommitted row:
 * if that commits, the insert does nothing and the work is skipped; if it rolls back (the work
 * failed), the second instance takes the unit. So a unit is never done twice and never lost.
 *
 * <p>{@link #tryAcquire} is a time-bounded lease for work too long for one transaction.
 */
@Singleton
public final class JobLease {
    /**
     * How long run records are kept: each function's retention job calls {@link #pruneRuns} with it. A
     * record only has to outlive the chance that another instance attempts the same unit and tick, and a
     * job takes its tick from the clock when it runs ({@link ScheduledJobs#runNow}): at most the longest
     * interval (an hour) plus a run still going and clock skew. A week is far beyond that and the longest
     * lease (30 minutes), and keeps the recent runs to look at when a job is in question.
     */
    public static final Duration RUNS_KEPT = Duration.ofDays(7);

    private final TransactionOperations<Connection> transactions;
    private final String runsTable;
    private final String leasesTable;
    private final String instance;

    JobLease(TransactionOperations<Connection> transactions, JobSettings settings) {
        this.transactions = transactions;
        this.runsTable = settings.tablePrefix() + "_job_runs";
        this.leasesTable = settings.tablePrefix() + "_job_leases";
        this.instance = instanceName();
    }

    /**
     * Runs {@code work} for this unit and tick unless an instance already did; returns whether this
     * call did it. The work joins the lease's transaction: if it throws, nothing is recorded.
     */
    public boolean runOnce(String account, String job, String unit, Instant tick, Runnable work) {
        return transactions.executeWrite(status -> {
            int inserted = Jdbc.update(
                    status.getConnection(),
                    "INSERT INTO " + runsTable
                            + " (source_account_id, job, unit_key, tick, instance) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (source_account_id, job, unit_key, tick) DO NOTHING",
                    account,
                    job,
                    unit,
                    tick,
                    instance);
            if (inserted == 0) {
                return false;
            }
            work.run();
            return true;
        });
    }

    /** Takes the named lease for {@code ttl} if it is free or expired; returns whether this instance holds it. */
    public boolean tryAcquire(String account, String job, Duration ttl) {
        return transactions.executeWrite(status -> Jdbc.one(
                        status.getConnection(),
                        "INSERT INTO " + leasesTable
                                + " (source_account_id, job, holder, leased_until) VALUES (?, ?, ?, now() + ?::interval)"
                                + " ON CONFLICT (source_account_id, job) DO UPDATE SET holder = EXCLUDED.holder,"
                                + " leased_until = EXCLUDED.leased_until"
                                + " WHERE " + leasesTable + ".leased_until < now() OR " + leasesTable
                                + ".holder = EXCLUDED.holder"
                                + " RETURNING holder",
                        r -> r.getString(1),
                        account,
                        job,
                        instance,
                        interval(ttl))
                .isPresent());
    }

    /**
     * Runs {@code work} while holding the named lease for at most {@code ttl}, then gives it back; answers
     * what the work answered, or 0 when another instance holds the lease.
     */
    public int whileHeld(String account, String job, Duration ttl, IntSupplier work) {
        if (!tryAcquire(account, job, ttl)) {
            return 0;
        }
        try {
            return work.getAsInt();
        } finally {
            release(account, job);
        }
    }

    /** Gives a lease back early. */
    public void release(String account, String job) {
        transactions.executeWrite(status -> Jdbc.update(
                status.getConnection(),
                "DELETE FROM " + leasesTable + " WHERE source_account_id = ? AND job = ? AND holder = ?",
                account,
                job,
                instance));
    }

    /** Forgets run records older than {@code keep}; returns how many went. */
    public int pruneRuns(Duration keep) {
        return transactions.executeWrite(status -> Jdbc.update(
                status.getConnection(),
                "DELETE FROM " + runsTable + " WHERE tick < now() - ?::interval",
                interval(keep)));
    }

    private static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }

    public String instance() {
        return instance;
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String name = host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }
}
