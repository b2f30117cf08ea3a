package org.nself.crash.group;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nself.crash.group.GroupTally.Added;
import org.nself.crash.group.GroupTally.GroupRelease;
import org.nself.crash.group.GroupTally.GroupUser;
import org.nself.crash.group.GroupTally.Placed;
import org.nself.crash.group.GroupTally.ReleaseSpan;

/**
 * Counts reports into the groups of an {@link Assignment} (whose locks the caller's transaction holds):
 * users, per-release counts, tag value counts ({@link GroupTagCounts}), the group counters ({@link GroupTally}, {@link GroupCounts}), and the
 * regressions they cause. A fixed number of statements whatever the batch's size, besides two per
 * regression.
 */
@Singleton
public final class GroupCounters {
    GroupCounters() {}

    /** Counts these reports (indexes into the assignment's batch) in; answers the groups that regressed. */
    public List<GroupRegressed> add(Connection c, String account, Assignment assignment, List<Integer> reports)
            throws SQLException {
        assignment.markCounted();
        List<ReportFacts> facts = new ArrayList<>(reports.size());
        long[] groups = new long[reports.size()];
        for (int k = 0; k < reports.size(); k++) {
            facts.add(assignment.reports().get(reports.get(k)));
            groups[k] = assignment.group(reports.get(k));
        }
        GroupTagCounts.add(c, account, facts, groups);
        return countIn(c, account, assignment, reports);
    }

    /**
     * Counts the assignment's moved reports into their new groups (as {@link #add}) and out of their
     * previous ones: count, crash count, each user that no other report of the group has, release
     * counts. A group left with no report keeps its row with count 0.
     */
    public List<GroupRegressed> move(Connection c, String account, Assignment assignment) throws SQLException {
        assignment.markCounted();
        List<Integer> moved = assignment.moved();
        if (moved.isEmpty()) {
            return List.of();
        }
        List<GroupRegressed> regressed = countIn(c, account, assignment, moved);
        List<Placed> out = new ArrayList<>(moved.size());
        long[] groups = new long[moved.size()];
        Long[] previous = new Long[moved.size()];
        for (int k = 0; k < moved.size(); k++) {
            int i = moved.get(k);
            out.add(new Placed(assignment.previous(i), assignment.reports().get(i)));
            groups[k] = assignment.group(i);
            previous[k] = assignment.previous(i);
        }
        takeOut(c, account, GroupTally.of(out));
        GroupTagCounts.move(c, account, out.stream().map(Placed::report).toList(), groups, previous);
        return regressed;
    }

    private static List<GroupRegressed> countIn(
            Connection c, String account, Assignment assignment, List<Integer> reports) throws SQLException {
        List<Placed> placed = new ArrayList<>(reports.size());
        for (int i : reports) {
            placed.add(new Placed(assignment.group(i), assignment.reports().get(i)));
        }
        GroupTally tally = GroupTally.of(placed);
        Map<Long, Long> newUsers = addUsers(c, account, tally.users());
        Set<GroupRelease> seen = addReleases(c, account, tally.releases());
        updateGroups(c, account, tally, assignment.locked(), newUsers);
        Map<Long, GroupStatus> statuses = new HashMap<>();
        assignment.locked().forEach((group, locked) -> statuses.put(group, locked.status()));
        List<GroupRegressed> regressed = tally.regressions(statuses, seen);
        for (GroupRegressed regression : regressed) {
            regress(c, account, regression);
        }
        return regressed;
    }

    /** Records the group-user pairs; answers how many users each group did not have yet. */
    private static Map<Long, Long> addUsers(Connection c, String account, Set<GroupUser> users) throws SQLException {
        return perGroup(
                c,
                "INSERT INTO np_crash_group_users (source_account_id, group_id, user_key) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                account,
                users);
    }

    /** Runs {@code sql} once per group-user pair in one batch; answers per group how many rows it changed. */
    private static Map<Long, Long> perGroup(Connection c, String sql, String account, Set<GroupUser> users)
            throws SQLException {
        Map<Long, Long> changed = new HashMap<>();
        if (users.isEmpty()) {
            return changed;
        }
        List<GroupUser> order = new ArrayList<>(users);
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (GroupUser user : order) {
                statement.setString(1, account);
                statement.setLong(2, user.group());
                statement.setString(3, user.userKey());
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] > 0) {
                    changed.merge(order.get(k).group(), 1L, Long::sum);
                }
            }
        }
        return changed;
    }

    /** Adds the per-release counts; answers which of these group-release pairs existed before. */
    private static Set<GroupRelease> addReleases(Connection c, String account, Map<GroupRelease, ReleaseSpan> releases)
            throws SQLException {
        Set<GroupRelease> seen = new HashSet<>();
        if (releases.isEmpty()) {
            return seen;
        }
        try (PreparedStatement select = c.prepareStatement("SELECT group_id, release FROM np_crash_group_releases"
                + " WHERE source_account_id = ? AND group_id = ANY(?) AND release = ANY(?)")) {
            select.setString(1, account);
            select.setArray(2, distinct(c, "bigint", releases.keySet(), GroupRelease::group));
            select.setArray(3, distinct(c, "varchar", releases.keySet(), GroupRelease::release));
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    seen.add(new GroupRelease(r.getLong(1), r.getString(2)));
                }
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO np_crash_group_releases (source_account_id,"
                + " group_id, release, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (source_account_id, group_id, release) DO UPDATE SET"
                + " count = np_crash_group_releases.count + EXCLUDED.count,"
                + " first_seen = LEAST(np_crash_group_releases.first_seen, EXCLUDED.first_seen),"
                + " last_seen = GREATEST(np_crash_group_releases.last_seen, EXCLUDED.last_seen)")) {
            for (Map.Entry<GroupRelease, ReleaseSpan> e : releases.entrySet()) {
                upsert.setString(1, account);
                upsert.setLong(2, e.getKey().group());
                upsert.setString(3, e.getKey().release());
                upsert.setLong(4, e.getValue().count());
                upsert.setTimestamp(5, Timestamp.from(e.getValue().first()));
                upsert.setTimestamp(6, Timestamp.from(e.getValue().last()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        return seen;
    }

    /** The distinct values of {@code part} over the pairs, as an SQL array of {@code type}. */
    private static Array distinct(
            Connection c, String type, Set<GroupRelease> pairs, Function<GroupRelease, Object> part)
            throws SQLException {
        return c.createArrayOf(type, pairs.stream().map(part).distinct().toArray());
    }

    private static void updateGroups(
            Connection c,
            String account,
            GroupTally tally,
            Map<Long, Assignment.Locked> locked,
            Map<Long, Long> newUsers)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET count = ?, crash_count = ?,"
                + " user_count = ?, first_seen = ?, last_seen = ?, first_release = ?, last_release = ?,"
                + " platforms = ARRAY(SELECT DISTINCT x FROM unnest(platforms || ?::text[]) x ORDER BY 1),"
                + " environments = ARRAY(SELECT DISTINCT x FROM unnest(environments || ?::text[]) x ORDER BY 1),"
                + " updated_at = now() WHERE source_account_id = ? AND id = ?")) {
            for (Map.Entry<Long, Added> e : tally.groups().entrySet()) {
                Added added = e.getValue();
                GroupCounts next = locked.get(e.getKey()).counts().plus(added, newUsers.getOrDefault(e.getKey(), 0L));
                update.setLong(1, next.count());
                update.setLong(2, next.crashes());
                update.setLong(3, next.users());
                update.setTimestamp(4, Timestamp.from(next.firstSeen()));
                update.setTimestamp(5, Timestamp.from(next.lastSeen()));
                update.setString(6, next.firstRelease());
                update.setString(7, next.lastRelease());
                update.setArray(8, c.createArrayOf("text", added.platforms().toArray()));
                update.setArray(9, c.createArrayOf("text", added.environments().toArray()));
                update.setString(10, account);
                update.setLong(11, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Reopens the group and records the regression. */
    private static void regress(Connection c, String account, GroupRegressed regression) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET status = ?,"
                + " regressed_at = now(), resolved_at = NULL, resolved_in_release = NULL, updated_at = now()"
                + " WHERE source_account_id = ? AND id = ?")) {
            update.setString(1, GroupStatus.UNRESOLVED.wire());
            update.setString(2, account);
            update.setLong(3, regression.groupId());
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_regressions (source_account_id,"
                + " group_id, release, event_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, account);
            insert.setLong(2, regression.groupId());
            insert.setString(3, regression.report().release());
            insert.setObject(4, regression.report().eventId());
            insert.executeUpdate();
        }
    }

    /** Takes moved reports out of their previous groups' counts (the reports already point elsewhere). */
    private static void takeOut(Connection c, String account, GroupTally out) throws SQLException {
        // a user leaves a group when no report of the group has that user any more
        Map<Long, Long> usersGone = perGroup(
                c,
                "DELETE FROM np_crash_group_users g WHERE g.source_account_id = ? AND g.group_id = ? AND g.user_key = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM np_crash_reports r WHERE r.source_account_id = g.source_account_id"
                        + " AND r.group_id = g.group_id AND r.user_key = g.user_key)",
                account,
                out.users());
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET count = count - ?,"
                + " crash_count = crash_count - ?, user_count = user_count - ?, updated_at = now()"
                + " WHERE source_account_id = ? AND id = ?")) {
            for (Map.Entry<Long, Added> e : out.groups().entrySet()) {
                update.setLong(1, e.getValue().count());
                update.setLong(2, e.getValue().crashes());
                update.setLong(3, usersGone.getOrDefault(e.getKey(), 0L));
                update.setString(4, account);
                update.setLong(5, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        if (!out.releases().isEmpty()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_group_releases SET count = count - ?"
                    + " WHERE source_account_id = ? AND group_id = ? AND release = ?")) {
                for (Map.Entry<GroupRelease, ReleaseSpan> e : out.releases().entrySet()) {
                    update.setLong(1, e.getValue().count());
                    update.setString(2, account);
                    update.setLong(3, e.getKey().group());
                    update.setString(4, e.getKey().release());
                    update.addBatch();
                }
                update.executeBatch();
            }
            // a release none of the group's reports is in any more has not seen the group
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_group_releases"
                    + " WHERE source_account_id = ? AND group_id = ANY(?) AND count <= 0")) {
                delete.setString(1, account);
                delete.setArray(
                        2, c.createArrayOf("bigint", out.groups().keySet().toArray()));
                delete.executeUpdate();
            }
        }
    }
}
