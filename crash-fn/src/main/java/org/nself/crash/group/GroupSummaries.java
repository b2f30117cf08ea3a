package org.nself.crash.group;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.nself.shared.jdbc.Jdbc;

/** What other features show of groups beside numbers of their own (stats' top groups, alerts' velocity rule). */
public final class GroupSummaries {
    /** {@code merged} is true for a group merged into another (its reports count there now). */
    public record Summary(
            String title, String culprit, String level, GroupStatus status, Instant createdAt, boolean merged) {}

    private GroupSummaries() {}

    /** The groups of this account among {@code ids}; ids of no group of the account are absent. */
    public static Map<Long, Summary> of(Connection c, String account, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Summary> summaries = new HashMap<>();
        for (Map.Entry<Long, Summary> group : Jdbc.query(
                c,
                "SELECT id, title, culprit, level, status, created_at, merged_into IS NOT NULL AS merged"
                        + " FROM np_crash_groups WHERE source_account_id = ? AND id = ANY(?)",
                GroupSummaries::summary,
                account,
                Jdbc.call(() -> c.createArrayOf("bigint", ids.toArray())))) {
            summaries.put(group.getKey(), group.getValue());
        }
        return summaries;
    }

    private static Map.Entry<Long, Summary> summary(ResultSet r) throws SQLException {
        String status = r.getString("status");
        return Map.entry(
                r.getLong("id"),
                new Summary(
                        r.getString("title"),
                        r.getString("culprit"),
                        r.getString("level"),
                        GroupStatus.parse(status)
                                .orElseThrow(() -> new IllegalStateException("crash group status " + status)),
                        Jdbc.instant(r, "created_at"),
                        r.getBoolean("merged")));
    }
}
