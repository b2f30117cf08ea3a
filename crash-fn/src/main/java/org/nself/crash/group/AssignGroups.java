package org.nself.crash.group;

import jakarta.inject.Singleton;
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
import java.util.TreeMap;
import org.nself.crash.grouping.Grouping;
import org.nself.shared.jdbc.Jdbc;

/**
 * Finds or opens the group of each report of a batch through the fingerprint aliases, then locks the
 * batch's groups in id order (following merges), in the caller's transaction and with a fixed number of
 * round trips besides one per new group or alias.
 */
@Singleton
public final class AssignGroups {
    private static final int MAX_MERGE_HOPS = 8;

    AssignGroups() {}

    /** Groups new reports. */
    public Assignment assign(Connection c, String account, List<ReportFacts> reports) throws SQLException {
        return assign(c, account, reports, null);
    }

    /**
     * Groups stored reports again; {@code current} holds each one's group now, which is locked too, as
     * the report may leave it.
     */
    public Assignment reassign(Connection c, String account, List<ReportFacts> reports, List<Long> current)
            throws SQLException {
        return assign(
                c, account, reports, current.stream().mapToLong(Long::longValue).toArray());
    }

    private static Assignment assign(Connection c, String account, List<ReportFacts> reports, long[] previous)
            throws SQLException {
        Map<String, Long> aliases = aliases(c, account, reports);
        long[] groups = new long[reports.size()];
        List<GroupCreated> created = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            groups[i] = groupFor(c, account, reports.get(i), aliases, created);
        }
        Set<Long> alsoLock = new HashSet<>();
        for (int i = 0; previous != null && i < previous.length; i++) {
            alsoLock.add(previous[i]);
        }
        Map<Long, Assignment.Locked> locked = lock(c, account, groups, reports, alsoLock);
        return new Assignment(List.copyOf(reports), groups, previous, locked, created);
    }

    private static Map<String, Long> aliases(Connection c, String account, List<ReportFacts> reports)
            throws SQLException {
        Set<String> fingerprints = new HashSet<>();
        for (ReportFacts report : reports) {
            report.groupings().forEach(g -> fingerprints.add(g.fingerprint()));
        }
        Map<String, Long> aliases = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT fingerprint, group_id FROM np_crash_fingerprints"
                + " WHERE source_account_id = ? AND fingerprint = ANY(?)")) {
            select.setString(1, account);
            select.setArray(2, c.createArrayOf("bpchar", fingerprints.toArray()));
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    aliases.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return aliases;
    }

    /** The group of the newest fingerprint; else of an older version's (adding the new one as alias); else a new group. */
    private static long groupFor(
            Connection c, String account, ReportFacts report, Map<String, Long> aliases, List<GroupCreated> created)
            throws SQLException {
        Grouping current = report.current();
        for (Grouping grouping : report.groupings()) {
            Long group = aliases.get(grouping.fingerprint());
            if (group != null) {
                if (grouping != current && !aliases.containsKey(current.fingerprint())) {
                    addAlias(c, account, current, group);
                    aliases.put(current.fingerprint(), group);
                }
                return group;
            }
        }
        long id;
        try (PreparedStatement next = c.prepareStatement("SELECT nextval('np_crash_groups_id_seq')");
                ResultSet r = next.executeQuery()) {
            r.next();
            id = r.getLong(1);
        }
        if (!addAlias(c, account, current, id)) {
            long existing = aliasOf(c, account, current.fingerprint()); // another instance created it first
            aliases.put(current.fingerprint(), existing);
            return existing;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_groups (source_account_id, id,"
                + " fingerprint, strategy_version, grouped_by, title, culprit, exception_type, level, first_seen,"
                + " last_seen, first_release, last_release) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account);
            insert.setLong(2, id);
            insert.setString(3, current.fingerprint());
            insert.setInt(4, current.strategyVersion());
            insert.setString(5, current.groupedBy().wire());
            insert.setString(6, current.title());
            insert.setString(7, current.culprit());
            insert.setString(8, report.exceptionType());
            insert.setString(9, report.level());
            insert.setTimestamp(10, Timestamp.from(report.occurredAt()));
            insert.setTimestamp(11, Timestamp.from(report.occurredAt()));
            insert.setString(12, report.release());
            insert.setString(13, report.release());
            insert.executeUpdate();
        }
        aliases.put(current.fingerprint(), id);
        created.add(new GroupCreated(id, report));
        return id;
    }

    private static long aliasOf(Connection c, String account, String fingerprint) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT group_id FROM np_crash_fingerprints WHERE source_account_id = ? AND fingerprint = ?")) {
            select.setString(1, account);
            select.setString(2, fingerprint);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("fingerprint alias vanished during ingest", "40001");
                }
                return r.getLong(1);
            }
        }
    }

    private static boolean addAlias(Connection c, String account, Grouping grouping, long group) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_fingerprints (source_account_id,"
                + " fingerprint, strategy_version, group_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, account);
            insert.setString(2, grouping.fingerprint());
            insert.setInt(3, grouping.strategyVersion());
            insert.setLong(4, group);
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * Locks the batch's groups (and {@code alsoLock}) in id order; a group merged away meanwhile is
     * replaced by where its fingerprint points now. Answers the locked groups that were not merged.
     */
    private static Map<Long, Assignment.Locked> lock(
            Connection c, String account, long[] groups, List<ReportFacts> reports, Set<Long> alsoLock)
            throws SQLException {
        for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
            Set<Long> wanted = new HashSet<>();
            for (long group : groups) {
                wanted.add(group);
            }
            Map<Long, Assignment.Locked> locked = new TreeMap<>();
            Set<Long> merged = new HashSet<>();
            try (PreparedStatement lock = c.prepareStatement("SELECT id, status, merged_into, count, crash_count,"
                    + " user_count, first_seen, last_seen, first_release, last_release FROM np_crash_groups"
                    + " WHERE source_account_id = ? AND id = ANY(?) ORDER BY id FOR UPDATE")) {
                lock.setString(1, account);
                Set<Long> ids = new HashSet<>(wanted);
                ids.addAll(alsoLock);
                lock.setArray(2, c.createArrayOf("bigint", ids.toArray()));
                try (ResultSet r = lock.executeQuery()) {
                    while (r.next()) {
                        if (Jdbc.nullableLong(r, "merged_into") == null) {
                            locked.put(r.getLong("id"), locked(r));
                        } else if (wanted.contains(r.getLong("id"))) {
                            merged.add(r.getLong("id"));
                        }
                    }
                }
            }
            if (merged.isEmpty()) {
                return locked;
            }
            for (int i = 0; i < groups.length; i++) {
                if (merged.contains(groups[i])) {
                    groups[i] = aliasOf(c, account, reports.get(i).current().fingerprint());
                }
            }
        }
        throw new SQLException("groups kept being merged during ingest", "40001");
    }

    private static Assignment.Locked locked(ResultSet r) throws SQLException {
        String raw = r.getString("status");
        GroupStatus status =
                GroupStatus.parse(raw).orElseThrow(() -> new IllegalStateException("crash group status " + raw));
        return new Assignment.Locked(
                status,
                new GroupCounts(
                        r.getLong("count"),
                        r.getLong("crash_count"),
                        r.getLong("user_count"),
                        Jdbc.instant(r, "first_seen"),
                        Jdbc.instant(r, "last_seen"),
                        r.getString("first_release"),
                        r.getString("last_release")));
    }
}
