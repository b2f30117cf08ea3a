package org.nself.crash.group;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.web.Jdbc;
import org.nself.crash.web.QueryParams;
import org.nself.shared.paging.PageRequest;

/** Reads and changes crash groups; every statement is scoped to one account. */
@Singleton
final class GroupRepository {
    static final String COLUMNS = "id, title, culprit, exception_type, level, status, grouped_by, strategy_version,"
            + " fingerprint, platforms, environments, first_seen, last_seen, count, crash_count, user_count,"
            + " first_release, last_release, resolved_at, resolved_in_release, regressed_at, merged_into";
    private static final String REPORT_COLUMNS = "event_id, group_id, occurred_at, received_at, platform, level,"
            + " is_crash, release, dist, environment, user_id, session_id, exception_type, exception_value, title,"
            + " symbolication, ARRAY(SELECT m.debug_id FROM np_crash_report_missing_symbols m"
            + " WHERE m.source_account_id = np_crash_reports.source_account_id AND m.report_id = np_crash_reports.id"
            + " ORDER BY 1) AS missing_debug_ids";
    private static final Map<String, String> SORTS =
            Map.of("last_seen", "last_seen", "first_seen", "first_seen", "count", "count", "users", "user_count");

    private static final io.micronaut.core.type.Argument<List<Map<String, Object>>> FRAMES =
            io.micronaut.core.type.Argument.listOf(io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;

    GroupRepository(TransactionOperations<Connection> transactions, JsonMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    record Page<T>(List<T> rows, long total) {}

    Page<GroupView> list(String account, GroupFilter filter, PageRequest page) {
        // a group whose every report moved elsewhere (re-symbolication) keeps its row with count 0, unlisted
        StringBuilder where = new StringBuilder(" WHERE source_account_id = ? AND merged_into IS NULL AND count > 0");
        List<Object> params = new ArrayList<>(List.of(account));
        if (filter.status() != null) {
            where.append(" AND status = ?");
            params.add(filter.status());
        }
        if (filter.release() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM np_crash_group_releases r WHERE r.source_account_id = ?"
                    + " AND r.group_id = np_crash_groups.id AND r.release = ?)");
            params.add(account);
            params.add(filter.release());
        }
        if (filter.environment() != null) {
            where.append(" AND ? = ANY(environments)");
            params.add(filter.environment());
        }
        if (filter.platform() != null) {
            where.append(" AND ? = ANY(platforms)");
            params.add(filter.platform());
        }
        if (filter.since() != null) {
            where.append(" AND last_seen >= ?");
            params.add(filter.since());
        }
        if (filter.until() != null) {
            where.append(" AND first_seen < ?");
            params.add(filter.until());
        }
        if (filter.q() != null) {
            where.append(" AND (title ILIKE ? OR culprit ILIKE ?)");
            params.add(QueryParams.contains(filter.q()));
            params.add(QueryParams.contains(filter.q()));
        }
        String order = " ORDER BY " + SORTS.get(filter.sort()) + (filter.ascending() ? " ASC" : " DESC") + ", id DESC";
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try {
                long total;
                try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM np_crash_groups" + where)) {
                    Jdbc.bind(count, params);
                    try (ResultSet r = count.executeQuery()) {
                        r.next();
                        total = r.getLong(1);
                    }
                }
                List<Object> pageParams = new ArrayList<>(params);
                pageParams.add(page.limit());
                pageParams.add(page.offset());
                List<GroupView> rows = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM np_crash_groups" + where + order + " LIMIT ? OFFSET ?")) {
                    Jdbc.bind(select, pageParams);
                    try (ResultSet r = select.executeQuery()) {
                        while (r.next()) {
                            rows.add(group(r));
                        }
                    }
                }
                return new Page<>(rows, total);
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    Optional<GroupView> find(String account, long id) {
        return transactions.executeRead(status -> {
            try {
                return find(status.getConnection(), account, id, false);
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    Optional<GroupDetailView> detail(String account, long id) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try {
                Optional<GroupView> group = find(c, account, id, false);
                if (group.isEmpty()) {
                    return Optional.empty();
                }
                ReportView latest = null;
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT " + REPORT_COLUMNS + ", payload::text AS payload, frames::text AS frames"
                                + " FROM np_crash_reports WHERE source_account_id = ? AND group_id = ? ORDER BY id DESC LIMIT 1")) {
                    select.setString(1, account);
                    select.setLong(2, id);
                    try (ResultSet r = select.executeQuery()) {
                        if (r.next()) {
                            latest = report(r, true);
                        }
                    }
                }
                List<GroupDetailView.ReleaseCount> releases = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT release, count, first_seen, last_seen"
                        + " FROM np_crash_group_releases WHERE source_account_id = ? AND group_id = ?"
                        + " ORDER BY last_seen DESC LIMIT 1000")) {
                    select.setString(1, account);
                    select.setLong(2, id);
                    try (ResultSet r = select.executeQuery()) {
                        while (r.next()) {
                            releases.add(new GroupDetailView.ReleaseCount(
                                    r.getString("release"),
                                    r.getLong("count"),
                                    Jdbc.instant(r, "first_seen"),
                                    Jdbc.instant(r, "last_seen")));
                        }
                    }
                }
                List<GroupDetailView.Regression> regressions = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT release, event_id, created_at"
                        + " FROM np_crash_regressions WHERE source_account_id = ? AND group_id = ?"
                        + " ORDER BY id DESC LIMIT 100")) {
                    select.setString(1, account);
                    select.setLong(2, id);
                    try (ResultSet r = select.executeQuery()) {
                        while (r.next()) {
                            regressions.add(new GroupDetailView.Regression(
                                    r.getString("release"),
                                    CrashEventParser.hex(r.getObject("event_id", UUID.class)),
                                    Jdbc.instant(r, "created_at")));
                        }
                    }
                }
                return Optional.of(new GroupDetailView(group.get(), latest, releases, regressions));
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    /** Null when the group is not this account's. */
    Page<ReportView> reports(String account, long groupId, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try {
                if (find(c, account, groupId, false).isEmpty()) {
                    return null;
                }
                long total;
                try (PreparedStatement count = c.prepareStatement(
                        "SELECT count(*) FROM np_crash_reports WHERE source_account_id = ? AND group_id = ?")) {
                    count.setString(1, account);
                    count.setLong(2, groupId);
                    try (ResultSet r = count.executeQuery()) {
                        r.next();
                        total = r.getLong(1);
                    }
                }
                List<ReportView> rows = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT " + REPORT_COLUMNS + " FROM np_crash_reports"
                        + " WHERE source_account_id = ? AND group_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")) {
                    select.setString(1, account);
                    select.setLong(2, groupId);
                    select.setInt(3, page.limit());
                    select.setLong(4, page.offset());
                    try (ResultSet r = select.executeQuery()) {
                        while (r.next()) {
                            rows.add(report(r, false));
                        }
                    }
                }
                return new Page<>(rows, total);
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    /** Sets the status; empty when the group is not this account's. */
    Optional<GroupView> setStatus(String account, long id, GroupStatus next) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET status = ?,"
                    + " resolved_at = CASE WHEN ? THEN COALESCE(resolved_at, now()) ELSE NULL END,"
                    + " resolved_in_release = CASE WHEN ? THEN last_release ELSE NULL END, updated_at = now()"
                    + " WHERE source_account_id = ? AND id = ? AND merged_into IS NULL")) {
                update.setString(1, next.wire());
                update.setBoolean(2, next.resolved());
                update.setBoolean(3, next.resolved());
                update.setString(4, account);
                update.setLong(5, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
                return find(c, account, id, false);
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    /** The outcome of a merge request. */
    sealed interface MergeOutcome {
        record Merged(GroupView target) implements MergeOutcome {}

        record Missing(long id) implements MergeOutcome {}
    }

    /**
     * Folds the sources into the target: aliases, reports, users, release counts and rollups move,
     * counts add up; sources keep a {@code merged_into} pointer and leave the lists.
     */
    MergeOutcome merge(String account, long target, List<Long> sources) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try {
                List<Long> all = new ArrayList<>(sources);
                all.add(target);
                List<Long> live = new ArrayList<>();
                try (PreparedStatement lock =
                        c.prepareStatement("SELECT id FROM np_crash_groups WHERE source_account_id = ?"
                                + " AND id = ANY(?) AND merged_into IS NULL ORDER BY id FOR UPDATE")) {
                    lock.setString(1, account);
                    lock.setArray(2, c.createArrayOf("bigint", all.toArray()));
                    try (ResultSet r = lock.executeQuery()) {
                        while (r.next()) {
                            live.add(r.getLong(1));
                        }
                    }
                }
                for (long id : all) {
                    if (!live.contains(id)) {
                        return new MergeOutcome.Missing(id);
                    }
                }
                Object[] from = sources.toArray();
                run(
                        c,
                        "UPDATE np_crash_fingerprints SET group_id = ? WHERE source_account_id = ? AND group_id = ANY(?)",
                        target,
                        account,
                        from);
                run(
                        c,
                        "UPDATE np_crash_reports SET group_id = ? WHERE source_account_id = ? AND group_id = ANY(?)",
                        target,
                        account,
                        from);
                run(
                        c,
                        "UPDATE np_crash_report_rollups SET group_id = ? WHERE source_account_id = ? AND group_id = ANY(?)",
                        target,
                        account,
                        from);
                run(
                        c,
                        "UPDATE np_crash_regressions SET group_id = ? WHERE source_account_id = ? AND group_id = ANY(?)",
                        target,
                        account,
                        from);
                run(
                        c,
                        "INSERT INTO np_crash_group_users (source_account_id, group_id, user_key)"
                                + " SELECT source_account_id, ?, user_key FROM np_crash_group_users"
                                + " WHERE source_account_id = ? AND group_id = ANY(?) ON CONFLICT DO NOTHING",
                        target,
                        account,
                        from);
                run(
                        c,
                        "DELETE FROM np_crash_group_users WHERE source_account_id = ? AND group_id = ANY(?)",
                        account,
                        from);
                run(
                        c,
                        "INSERT INTO np_crash_group_releases (source_account_id, group_id, release, count, first_seen, last_seen)"
                                + " SELECT source_account_id, ?, release, sum(count), min(first_seen), max(last_seen)"
                                + " FROM np_crash_group_releases WHERE source_account_id = ? AND group_id = ANY(?)"
                                + " GROUP BY source_account_id, release"
                                + " ON CONFLICT (source_account_id, group_id, release) DO UPDATE SET"
                                + " count = np_crash_group_releases.count + EXCLUDED.count,"
                                + " first_seen = LEAST(np_crash_group_releases.first_seen, EXCLUDED.first_seen),"
                                + " last_seen = GREATEST(np_crash_group_releases.last_seen, EXCLUDED.last_seen)",
                        target,
                        account,
                        from);
                run(
                        c,
                        "DELETE FROM np_crash_group_releases WHERE source_account_id = ? AND group_id = ANY(?)",
                        account,
                        from);
                run(
                        c,
                        "UPDATE np_crash_groups t SET"
                                + " count = t.count + s.count, crash_count = t.crash_count + s.crash_count,"
                                + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen),"
                                + " platforms = ARRAY(SELECT DISTINCT x FROM np_crash_groups g, unnest(g.platforms) x"
                                + "   WHERE g.source_account_id = t.source_account_id AND (g.id = ANY(?) OR g.id = t.id) ORDER BY 1),"
                                + " environments = ARRAY(SELECT DISTINCT x FROM np_crash_groups g, unnest(g.environments) x"
                                + "   WHERE g.source_account_id = t.source_account_id AND (g.id = ANY(?) OR g.id = t.id) ORDER BY 1),"
                                + " first_release = CASE WHEN s.first_seen < t.first_seen THEN COALESCE(s.first_release, t.first_release)"
                                + "   ELSE COALESCE(t.first_release, s.first_release) END,"
                                + " last_release = CASE WHEN s.last_seen > t.last_seen THEN COALESCE(s.last_release, t.last_release)"
                                + "   ELSE COALESCE(t.last_release, s.last_release) END,"
                                + " user_count = (SELECT count(*) FROM np_crash_group_users u"
                                + "   WHERE u.source_account_id = t.source_account_id AND u.group_id = t.id),"
                                + " updated_at = now()"
                                + " FROM (SELECT sum(count) AS count, sum(crash_count) AS crash_count, min(first_seen) AS first_seen,"
                                + "   max(last_seen) AS last_seen,"
                                + "   (array_agg(first_release ORDER BY first_seen) FILTER (WHERE first_release IS NOT NULL))[1] AS first_release,"
                                + "   (array_agg(last_release ORDER BY last_seen DESC) FILTER (WHERE last_release IS NOT NULL))[1] AS last_release"
                                + "   FROM np_crash_groups g WHERE g.source_account_id = ? AND g.id = ANY(?)) s"
                                + " WHERE t.source_account_id = ? AND t.id = ?",
                        from,
                        from,
                        account,
                        from,
                        account,
                        target);
                run(
                        c,
                        "UPDATE np_crash_groups SET merged_into = ?, updated_at = now()"
                                + " WHERE source_account_id = ? AND (id = ANY(?) OR merged_into = ANY(?))",
                        target,
                        account,
                        from,
                        from);
                return new MergeOutcome.Merged(find(c, account, target, false).orElseThrow());
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    private static void run(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Object[] array) {
                    statement.setArray(i + 1, c.createArrayOf("bigint", array));
                } else {
                    statement.setObject(i + 1, p);
                }
            }
            statement.executeUpdate();
        }
    }

    private static Optional<GroupView> find(Connection c, String account, long id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM np_crash_groups"
                + " WHERE source_account_id = ? AND id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, account);
            select.setLong(2, id);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(group(r)) : Optional.empty();
            }
        }
    }

    static GroupView group(ResultSet r) throws SQLException {
        return new GroupView(
                r.getLong("id"),
                r.getString("title"),
                r.getString("culprit"),
                r.getString("exception_type"),
                r.getString("level"),
                r.getString("status"),
                r.getString("grouped_by"),
                r.getInt("strategy_version"),
                r.getString("fingerprint"),
                Jdbc.strings(r, "platforms"),
                Jdbc.strings(r, "environments"),
                Jdbc.instant(r, "first_seen"),
                Jdbc.instant(r, "last_seen"),
                r.getLong("count"),
                r.getLong("crash_count"),
                r.getLong("user_count"),
                r.getString("first_release"),
                r.getString("last_release"),
                Jdbc.instant(r, "resolved_at"),
                r.getString("resolved_in_release"),
                Jdbc.instant(r, "regressed_at"),
                Jdbc.nullableLong(r, "merged_into"));
    }

    @SuppressWarnings("unchecked")
    private ReportView report(ResultSet r, boolean withPayload) throws SQLException {
        Map<String, Object> payload = null;
        List<Map<String, Object>> frames = null;
        if (withPayload) {
            try {
                payload = json.readValue(r.getString("payload"), Map.class);
            } catch (IOException e) {
                payload = null;
            }
            String storedFrames = r.getString("frames");
            if (storedFrames != null) {
                try {
                    frames = json.readValue(storedFrames, FRAMES);
                } catch (IOException e) {
                    frames = null;
                }
            } else if (payload != null && !"none".equals(r.getString("symbolication"))) {
                // symbolication replaced no frame: they are the payload's, which is not stored twice
                try {
                    frames = ReportFrames.of(CrashEventParser.parse(
                            payload, r.getObject("event_id", UUID.class), Jdbc.instant(r, "received_at")));
                } catch (InvalidInput e) {
                    frames = null;
                }
            }
        }
        return new ReportView(
                CrashEventParser.hex(r.getObject("event_id", UUID.class)),
                r.getLong("group_id"),
                Jdbc.instant(r, "occurred_at"),
                Jdbc.instant(r, "received_at"),
                r.getString("platform"),
                r.getString("level"),
                r.getBoolean("is_crash"),
                r.getString("release"),
                r.getString("dist"),
                r.getString("environment"),
                r.getString("user_id"),
                r.getString("session_id"),
                r.getString("exception_type"),
                r.getString("exception_value"),
                r.getString("title"),
                r.getString("symbolication"),
                Jdbc.strings(r, "missing_debug_ids"),
                frames,
                payload);
    }
}
