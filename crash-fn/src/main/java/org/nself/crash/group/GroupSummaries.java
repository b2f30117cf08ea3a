package org.nself.crash.group;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Titles and statuses of groups, for features that list groups beside numbers of their own. */
public final class GroupSummaries {
    public record Summary(String title, GroupStatus status) {}

    private GroupSummaries() {}

    /** The groups of this account among {@code ids}; ids of no group of the account are absent. */
    public static Map<Long, Summary> of(Connection c, String account, Collection<Long> ids) throws SQLException {
        Map<Long, Summary> summaries = new HashMap<>();
        if (ids.isEmpty()) {
            return summaries;
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, title, status FROM np_crash_groups WHERE source_account_id = ? AND id = ANY(?)")) {
            select.setString(1, account);
            select.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    String status = r.getString(3);
                    summaries.put(
                            r.getLong(1),
                            new Summary(
                                    r.getString(2),
                                    GroupStatus.parse(status)
                                            .orElseThrow(
                                                    () -> new IllegalStateException("crash group status " + status))));
                }
            }
        }
        return summaries;
    }
}
