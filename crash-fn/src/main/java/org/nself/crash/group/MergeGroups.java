package org.nself.crash.group;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.nself.shared.jdbc.DatabaseFailure;

/** Merges crash groups of one account into one. */
@Singleton
record MergeGroups(TransactionOperations<Connection> transactions) {
    /** The outcome of a merge request. */
    sealed interface MergeOutcome {
        record Merged(GroupView target) implements MergeOutcome {}

        record Missing(long id) implements MergeOutcome {}
    }

    /**
     * Folds the sources into the target: aliases, reports, users, release and tag counts and rollups move,
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
                GroupTagCounts.merge(c, account, target, from);
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
                return new MergeOutcome.Merged(
                        GroupRepository.find(c, account, target).orElseThrow());
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
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
}
