package org.nself.crash.group;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The per-group tag value counts ({@code np_crash_group_tags}), derived from the tags stored with the
 * reports, in the caller's transaction, which holds the groups' locks (so concurrent batches never
 * write one group's rows at once). One statement counts a batch in, whatever its size; a move counts
 * the reports into their new groups and out of their previous ones in the same statement, then drops
 * the values no report of a group has any more.
 */
final class GroupTagCounts {
    /**
     * Adds each report's tags to its group ({@code groups}) and, where {@code previous} holds one,
     * takes them out of that group: one row per group, key and value, the difference of the two.
     */
    private static final String SHIFT = "WITH tagged AS (SELECT u.grp, u.prev, t.key, t.value, r.occurred_at"
            + " FROM unnest(?::uuid[], ?::bigint[], ?::bigint[]) AS u(event_id, grp, prev)"
            + " JOIN np_crash_reports r ON r.source_account_id = ? AND r.event_id = u.event_id"
            + " CROSS JOIN LATERAL jsonb_each_text(r.tags) AS t)"
            + " INSERT INTO np_crash_group_tags AS g (source_account_id, group_id, key, value, count, first_seen,"
            + " last_seen)"
            + " SELECT ?, d.grp, d.key, d.value, sum(d.n), min(d.occurred_at), max(d.occurred_at)"
            + " FROM (SELECT grp, key, value, 1 AS n, occurred_at FROM tagged"
            + "   UNION ALL SELECT prev, key, value, -1, occurred_at FROM tagged WHERE prev IS NOT NULL) d"
            + " GROUP BY d.grp, d.key, d.value ORDER BY d.grp, d.key, d.value"
            + " ON CONFLICT (source_account_id, group_id, key, value) DO UPDATE SET count = g.count + EXCLUDED.count,"
            // a report moving out is no earlier or later than what its group saw: only arrivals widen the span
            + " first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),"
            + " last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen)";

    private GroupTagCounts() {}

    /** Counts the tags of these reports (by event id) into their groups. */
    static void add(Connection c, String account, List<ReportFacts> reports, long[] groups) throws SQLException {
        shift(c, account, reports, groups, new Long[reports.size()]);
    }

    /** Moves the tags of these reports from their {@code previous} groups to {@code groups}. */
    static void move(Connection c, String account, List<ReportFacts> reports, long[] groups, Long[] previous)
            throws SQLException {
        shift(c, account, reports, groups, previous);
        Object[] touched = new Object[groups.length + previous.length];
        for (int i = 0; i < groups.length; i++) {
            touched[i] = groups[i];
            touched[groups.length + i] = previous[i];
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_group_tags"
                + " WHERE source_account_id = ? AND group_id = ANY(?) AND count <= 0")) {
            delete.setString(1, account);
            delete.setArray(2, c.createArrayOf("bigint", touched));
            delete.executeUpdate();
        }
    }

    /** Folds the sources' counts into the target's (the caller holds all their locks). */
    static void merge(Connection c, String account, long target, Object[] sources) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO np_crash_group_tags AS g (source_account_id,"
                + " group_id, key, value, count, first_seen, last_seen)"
                + " SELECT source_account_id, ?, key, value, sum(count), min(first_seen), max(last_seen)"
                + " FROM np_crash_group_tags WHERE source_account_id = ? AND group_id = ANY(?)"
                + " GROUP BY source_account_id, key, value ORDER BY key, value"
                + " ON CONFLICT (source_account_id, group_id, key, value) DO UPDATE SET"
                + " count = g.count + EXCLUDED.count, first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),"
                + " last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen)")) {
            upsert.setLong(1, target);
            upsert.setString(2, account);
            upsert.setArray(3, c.createArrayOf("bigint", sources));
            upsert.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM np_crash_group_tags WHERE source_account_id = ? AND group_id = ANY(?)")) {
            delete.setString(1, account);
            delete.setArray(2, c.createArrayOf("bigint", sources));
            delete.executeUpdate();
        }
    }

    private static void shift(Connection c, String account, List<ReportFacts> reports, long[] groups, Long[] previous)
            throws SQLException {
        if (reports.isEmpty()) {
            return;
        }
        Object[] eventIds = reports.stream().map(ReportFacts::eventId).toArray();
        Object[] to = new Object[groups.length];
        for (int i = 0; i < groups.length; i++) {
            to[i] = groups[i];
        }
        try (PreparedStatement upsert = c.prepareStatement(SHIFT)) {
            upsert.setArray(1, c.createArrayOf("uuid", eventIds));
            upsert.setArray(2, c.createArrayOf("bigint", to));
            upsert.setArray(3, c.createArrayOf("bigint", previous));
            upsert.setString(4, account);
            upsert.setString(5, account);
            upsert.executeUpdate();
        }
    }
}
