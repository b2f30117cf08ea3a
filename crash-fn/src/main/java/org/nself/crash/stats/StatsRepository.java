package org.nself.crash.stats;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nself.crash.group.GroupSummaries;
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jdbc.Jdbc;

/** Reads the hourly rollups of one account for a range, optionally one release and environment. */
@Singleton
record StatsRepository(TransactionOperations<Connection> transactions) {
    record SessionRow(Instant hour, String release, SessionCounts counts, byte[] users, byte[] crashedUsers) {}

    /** Users seen in part of the range for one release: a whole day's sketch or an edge hour's. */
    record UserRow(String release, byte[] users, byte[] crashedUsers) {}

    record ReportRow(Instant hour, String release, long reports, long crashes) {}

    record GroupRow(long groupId, String title, String status, long reports, long crashes) {}

    record Rollups(List<SessionRow> sessions, List<UserRow> users, List<ReportRow> reports, List<GroupRow> topGroups) {}

    Rollups read(String account, StatsRange range, String release, String environment, boolean withTopGroups) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try {
                return new Rollups(
                        sessions(c, account, range, release, environment),
                        users(c, account, range, release, environment),
                        reports(c, account, range, release, environment),
                        withTopGroups ? topGroups(c, account, range, release, environment) : List.of());
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
            }
        });
    }

    private static String filters(List<Object> params, String release, String environment) {
        StringBuilder where = new StringBuilder();
        if (release != null) {
            where.append(" AND release = ?");
            params.add(release);
        }
        if (environment != null) {
            where.append(" AND environment = ?");
            params.add(environment);
        }
        return where.toString();
    }

    private static List<SessionRow> sessions(
            Connection c, String account, StatsRange range, String release, String environment) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(account, range.since(), range.until()));
        String where = filters(params, release, environment);
        List<SessionRow> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT hour, release, started, crashed, abnormal, errored"
                + " FROM np_crash_session_rollups"
                + " WHERE source_account_id = ? AND hour >= ? AND hour < ?" + where)) {
            Jdbc.bind(select, params);
            select.setFetchSize(2000);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new SessionRow(
                            Jdbc.instant(r, "hour"),
                            r.getString("release"),
                            new SessionCounts(
                                    r.getLong("started"),
                                    r.getLong("crashed"),
                                    r.getLong("abnormal"),
                                    r.getLong("errored")),
                            null,
                            null));
                }
            }
        }
        return rows;
    }

    /**
     * Distinct users: whole UTC days inside the range from the daily sketches, the hours at either edge
     * from the hourly ones; together they cover the range exactly.
     */
    private static List<UserRow> users(
            Connection c, String account, StatsRange range, String release, String environment) throws SQLException {
        Instant firstDay = range.since().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        if (firstDay.isBefore(range.since())) {
            firstDay = firstDay.plus(java.time.Duration.ofDays(1));
        }
        Instant endDay = range.until().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<UserRow> rows = new ArrayList<>();
        if (firstDay.isBefore(endDay)) {
            List<Object> params = new ArrayList<>(List.of(
                    account,
                    java.time.LocalDate.ofInstant(firstDay, java.time.ZoneOffset.UTC),
                    java.time.LocalDate.ofInstant(endDay, java.time.ZoneOffset.UTC)));
            String where = filters(params, release, environment);
            readUsers(
                    c,
                    "SELECT release, users, crashed_users FROM np_crash_user_days"
                            + " WHERE source_account_id = ? AND day >= ? AND day < ?" + where,
                    params,
                    rows);
            hourUsers(c, account, range.since(), firstDay, release, environment, rows);
            hourUsers(c, account, endDay, range.until(), release, environment, rows);
        } else {
            hourUsers(c, account, range.since(), range.until(), release, environment, rows);
        }
        return rows;
    }

    private static void hourUsers(
            Connection c,
            String account,
            Instant from,
            Instant to,
            String release,
            String environment,
            List<UserRow> rows)
            throws SQLException {
        if (!from.isBefore(to)) {
            return;
        }
        List<Object> params = new ArrayList<>(List.of(account, from, to));
        String where = filters(params, release, environment);
        readUsers(
                c,
                "SELECT release, users, crashed_users FROM np_crash_session_rollups"
                        + " WHERE source_account_id = ? AND hour >= ? AND hour < ? AND users IS NOT NULL" + where,
                params,
                rows);
    }

    private static void readUsers(Connection c, String sql, List<Object> params, List<UserRow> rows)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            Jdbc.bind(select, params);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new UserRow(r.getString(1), r.getBytes(2), r.getBytes(3)));
                }
            }
        }
    }

    private static List<ReportRow> reports(
            Connection c, String account, StatsRange range, String release, String environment) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(account, range.since(), range.until()));
        String where = filters(params, release, environment);
        return Jdbc.query(
                c,
                "SELECT hour, release, sum(reports), sum(crashes)"
                        + " FROM np_crash_report_rollups WHERE source_account_id = ? AND hour >= ? AND hour < ?" + where
                        + " GROUP BY hour, release",
                r -> new ReportRow(Jdbc.instant(r, "hour"), r.getString(2), r.getLong(3), r.getLong(4)),
                params.toArray());
    }

    /** The ten groups with the most crashes (then reports) in the range, with their title and status. */
    private static List<GroupRow> topGroups(
            Connection c, String account, StatsRange range, String release, String environment) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(account, range.since(), range.until()));
        String where = filters(params, release, environment);
        List<long[]> top = Jdbc.query(
                c,
                "SELECT group_id, sum(reports), sum(crashes) FROM np_crash_report_rollups"
                        + " WHERE source_account_id = ? AND hour >= ? AND hour < ?" + where
                        + " GROUP BY group_id ORDER BY sum(crashes) DESC, sum(reports) DESC, group_id LIMIT 10",
                r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
                params.toArray());
        Map<Long, GroupSummaries.Summary> groups =
                GroupSummaries.of(c, account, top.stream().map(t -> t[0]).toList());
        List<GroupRow> rows = new ArrayList<>();
        for (long[] t : top) {
            GroupSummaries.Summary group = groups.get(t[0]);
            if (group != null) {
                rows.add(new GroupRow(t[0], group.title(), group.status().wire(), t[1], t[2]));
            }
        }
        return rows;
    }
}
