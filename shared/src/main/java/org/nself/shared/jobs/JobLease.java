package org.nself.shared.jobs;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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
            Connection c = status.getConnection();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + runsTable
                    + " (source_account_id, job, unit_key, tick, instance) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (source_account_id, job, unit_key, tick) DO NOTHING")) {
                insert.setString(1, account);
                insert.setString(2, job);
                insert.setString(3, unit);
                insert.setTimestamp(4, Timestamp.from(tick));
                insert.setString(5, instance);
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            } catch (SQLException e) {
                throw new JobLeaseException(e);
            }
            work.run();
            return true;
        });
    }

    /** Takes the named lease for {@code ttl} if it is free or expired; returns whether this instance holds it. */
    public boolean tryAcquire(String account, String job, Duration ttl) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement upsert = status.getConnection()
                    .prepareStatement("INSERT INTO " + leasesTable
                            + " (source_account_id, job, holder, leased_until) VALUES (?, ?, ?, now() + ?::interval)"
                            + " ON CONFLICT (source_account_id, job) DO UPDATE SET holder = EXCLUDED.holder,"
                            + " leased_until = EXCLUDED.leased_until"
                            + " WHERE " + leasesTable + ".leased_until < now() OR " + leasesTable
                            + ".holder = EXCLUDED.holder"
                            + " RETURNING holder")) {
                upsert.setString(1, account);
                upsert.setString(2, job);
                upsert.setString(3, instance);
                upsert.setString(4, ttl.toMillis() + " milliseconds");
                try (ResultSet r = upsert.executeQuery()) {
                    return r.next();
                }
            } catch (SQLException e) {
                throw new JobLeaseException(e);
            }
        });
    }

    /** Gives a lease back early. */
    public void release(String account, String job) {
        transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection()
                    .prepareStatement(
                            "DELETE FROM " + leasesTable + " WHERE source_account_id = ? AND job = ? AND holder = ?")) {
                delete.setString(1, account);
                delete.setString(2, job);
                delete.setString(3, instance);
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw new JobLeaseException(e);
            }
        });
    }

    /** Forgets run records older than {@code keep}; returns how many went. */
    public int pruneRuns(Duration keep) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection()
                    .prepareStatement("DELETE FROM " + runsTable + " WHERE tick < now() - ?::interval")) {
                delete.setString(1, keep.toMillis() + " milliseconds");
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw new JobLeaseException(e);
            }
        });
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

    /** A lease statement failed; the database error is its cause. */
    public static final class JobLeaseException extends RuntimeException {
        JobLeaseException(SQLException cause) {
            super("job lease failed: " + cause.getMessage(), cause);
        }
    }
}
