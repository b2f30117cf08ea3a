package org.nself.crash.stats;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.crash.alerts.SpikeRules;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.Chunks;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Keeps the hourly rollups: takes hours marked dirty by ingest, recomputes each whole from the session and
 * report rows, and clears the marks it read in the same transaction. Ingest writes one mark per
 * transaction and hour, in the transaction of its data, so a mark the job read has its data visible to the
 * recomputation, and a mark written meanwhile is not among those cleared: the hour is redone next run
 * and no update is lost. Recomputing from the source makes late and repeated updates exact. An hour is
 * recomputed under a transaction-scoped advisory lock, so instances share the work and never do one hour
 * at once.
 */
@Singleton
record RollupJob(Chunks chunks, SpikeRules spikes) implements ScheduledJob {
    static final String NAME = "crash-rollup";
    private static final int HOURS_PER_TRANSACTION = 20;
    private static final int MAX_TRANSACTIONS_PER_RUN = 500;
    /** Spike rules look at hours this recent only: a late update to an old hour raises no alert. */
    private static final Duration ALERT_HORIZON = Duration.ofHours(2);
    /** Namespaces the advisory lock keys of hours (hashtextextended's seed). */
    private static final long HOUR_LOCK_SEED = 4101;

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(NAME, Duration.ofMinutes(1));
    }

    @Override
    public int run(Instant tick) {
        // each run passes over the marked hours once, in order; hours marked again wait
        Dirty[] after = {null};
        return chunks.repeat(MAX_TRANSACTIONS_PER_RUN, c -> {
            Batch batch = rollUpSome(c, after[0]);
            after[0] = batch.last();
            return new Chunks.Chunk(batch.done(), batch.last() != null);
        });
    }

    private record Dirty(String account, Instant hour) {}

    /** What one transaction did: hours recomputed, and the last hour it looked at (null when there was none). */
    private record Batch(int done, Dirty last) {}

    private Batch rollUpSome(Connection c, Dirty after) throws SQLException {
        // the marks of the next hours, read in one statement: exactly these are cleared below (across accounts
        // on purpose: the job serves every account; each mark names its own)
        Map<Dirty, List<Long>> marks = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT d.source_account_id, d.hour, d.id"
                + " FROM np_crash_rollup_dirty d JOIN (SELECT DISTINCT source_account_id, hour"
                + " FROM np_crash_rollup_dirty WHERE ? OR (hour, source_account_id) > (?, ?)"
                + " ORDER BY hour, source_account_id LIMIT ?) h"
                + " ON h.source_account_id = d.source_account_id AND h.hour = d.hour"
                + " ORDER BY d.hour, d.source_account_id")) {
            select.setBoolean(1, after == null);
            select.setTimestamp(2, Timestamp.from(after == null ? Instant.EPOCH : after.hour()));
            select.setString(3, after == null ? "" : after.account());
            select.setInt(4, HOURS_PER_TRANSACTION);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    marks.computeIfAbsent(new Dirty(r.getString(1), Jdbc.instant(r, "hour")), k -> new ArrayList<>())
                            .add(r.getLong(3));
                }
            }
        }
        java.util.Set<Dirty> days = new java.util.LinkedHashSet<>();
        Dirty last = null;
        int done = 0;
        for (Map.Entry<Dirty, List<Long>> e : marks.entrySet()) {
            Dirty d = e.getKey();
            last = d;
            if (!lockHour(c, d)) {
                continue; // another instance recomputes it now
            }
            days.add(new Dirty(d.account(), d.hour().truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
            rollUpSessions(c, d);
            rollUpReports(c, d);
            if (!d.hour().isBefore(Instant.now().minus(ALERT_HORIZON))) {
                spikes.evaluate(c, d.account(), d.hour());
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_rollup_dirty"
                    + " WHERE source_account_id = ? AND hour = ? AND id = ANY (?)")) {
                delete.setString(1, d.account());
                delete.setTimestamp(2, Timestamp.from(d.hour()));
                delete.setArray(3, c.createArrayOf("bigint", e.getValue().toArray()));
                delete.executeUpdate();
            }
            done++;
        }
        for (Dirty day : days) {
            rollUpUserDay(c, day);
        }
        return new Batch(done, last);
    }

    /** Takes the hour's transaction-scoped advisory lock if it is free; false when another instance holds it. */
    private static boolean lockHour(Connection c, Dirty d) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(? || '/' || ?, " + HOUR_LOCK_SEED + "))")) {
            lock.setString(1, d.account());
            lock.setString(2, d.hour().toString());
            try (ResultSet r = lock.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Merges a day's hourly user sketches into its daily row per release and environment. */
    private static void rollUpUserDay(Connection c, Dirty day) throws SQLException {
        Map<List<String>, UserSketch[]> merged = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT release, environment, users, crashed_users"
                + " FROM np_crash_session_rollups WHERE source_account_id = ? AND hour >= ? AND hour < ?")) {
            select.setString(1, day.account());
            select.setTimestamp(2, Timestamp.from(day.hour()));
            select.setTimestamp(3, Timestamp.from(day.hour().plus(Duration.ofDays(1))));
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    UserSketch[] pair = merged.computeIfAbsent(List.of(r.getString(1), r.getString(2)), k ->
                            new UserSketch[] {new UserSketch(), new UserSketch()});
                    byte[] users = r.getBytes(3);
                    byte[] crashed = r.getBytes(4);
                    if (users != null) {
                        pair[0].merge(UserSketch.fromBytes(users));
                    }
                    if (crashed != null) {
                        pair[1].merge(UserSketch.fromBytes(crashed));
                    }
                }
            }
        }
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM np_crash_user_days WHERE source_account_id = ? AND day = ?")) {
            delete.setString(1, day.account());
            delete.setObject(2, java.time.LocalDate.ofInstant(day.hour(), java.time.ZoneOffset.UTC));
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_user_days (source_account_id, day,"
                + " release, environment, users, crashed_users) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<String>, UserSketch[]> e : merged.entrySet()) {
                insert.setString(1, day.account());
                insert.setObject(2, java.time.LocalDate.ofInstant(day.hour(), java.time.ZoneOffset.UTC));
                insert.setString(3, e.getKey().get(0));
                insert.setString(4, e.getKey().get(1));
                insert.setBytes(5, e.getValue()[0].isEmpty() ? null : e.getValue()[0].toBytes());
                insert.setBytes(6, e.getValue()[1].isEmpty() ? null : e.getValue()[1].toBytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static final class Bucket {
        SessionCounts counts = SessionCounts.ZERO;
        final UserSketch users = new UserSketch();
        final UserSketch crashedUsers = new UserSketch();
    }

    private static void rollUpSessions(Connection c, Dirty d) throws SQLException {
        Timestamp from = Timestamp.from(d.hour());
        Timestamp to = Timestamp.from(d.hour().plus(Duration.ofHours(1)));
        Map<List<String>, Bucket> buckets = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT release, environment, status, errors, did_hash, init"
                + " FROM np_crash_sessions WHERE source_account_id = ? AND started >= ? AND started < ?")) {
            select.setString(1, d.account());
            select.setTimestamp(2, from);
            select.setTimestamp(3, to);
            select.setFetchSize(5000);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    Bucket b = buckets.computeIfAbsent(List.of(r.getString(1), r.getString(2)), k -> new Bucket());
                    SessionCounts outcome = SessionOutcome.of(r.getBoolean(6), r.getString(3), r.getInt(4));
                    b.counts = b.counts.plus(outcome);
                    long did = r.getLong(5);
                    if (!r.wasNull()) {
                        b.users.add(did);
                        if (outcome.crashed() > 0) {
                            b.crashedUsers.add(did);
                        }
                    }
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT release, environment, exited, errored, abnormal,"
                + " crashed, did_hash FROM np_crash_session_aggregates"
                + " WHERE source_account_id = ? AND started >= ? AND started < ?")) {
            select.setString(1, d.account());
            select.setTimestamp(2, from);
            select.setTimestamp(3, to);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    Bucket b = buckets.computeIfAbsent(List.of(r.getString(1), r.getString(2)), k -> new Bucket());
                    long exited = r.getLong(3);
                    long errored = r.getLong(4);
                    long abnormal = r.getLong(5);
                    long crashed = r.getLong(6);
                    b.counts = b.counts.plus(
                            new SessionCounts(exited + errored + abnormal + crashed, crashed, abnormal, errored));
                    long did = r.getLong(7);
                    if (!r.wasNull()) {
                        b.users.add(did);
                        if (crashed > 0) {
                            b.crashedUsers.add(did);
                        }
                    }
                }
            }
        }
        Jdbc.update(
                c,
                "DELETE FROM np_crash_session_rollups WHERE source_account_id = ? AND hour = ?",
                d.account(),
                d.hour());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_session_rollups (source_account_id,"
                + " hour, release, environment, started, crashed, abnormal, errored, users, crashed_users)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<String>, Bucket> e : buckets.entrySet()) {
                Bucket b = e.getValue();
                insert.setString(1, d.account());
                insert.setTimestamp(2, from);
                insert.setString(3, e.getKey().get(0));
                insert.setString(4, e.getKey().get(1));
                insert.setLong(5, b.counts.started());
                insert.setLong(6, b.counts.crashed());
                insert.setLong(7, b.counts.abnormal());
                insert.setLong(8, b.counts.errored());
                insert.setBytes(9, b.users.isEmpty() ? null : b.users.toBytes());
                insert.setBytes(10, b.crashedUsers.isEmpty() ? null : b.crashedUsers.toBytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void rollUpReports(Connection c, Dirty d) {
        Jdbc.update(
                c,
                "DELETE FROM np_crash_report_rollups WHERE source_account_id = ? AND hour = ?",
                d.account(),
                d.hour());
        Jdbc.update(
                c,
                "INSERT INTO np_crash_report_rollups (source_account_id,"
                        + " hour, release, environment, group_id, reports, crashes)"
                        + " SELECT source_account_id, ?, COALESCE(release, ''), COALESCE(environment, ''), group_id, count(*),"
                        + " count(*) FILTER (WHERE is_crash) FROM np_crash_reports"
                        + " WHERE source_account_id = ? AND received_at >= ? AND received_at < ?"
                        + " GROUP BY source_account_id, COALESCE(release, ''), COALESCE(environment, ''), group_id",
                d.hour(),
                d.account(),
                d.hour(),
                d.hour().plus(Duration.ofHours(1)));
    }
}
