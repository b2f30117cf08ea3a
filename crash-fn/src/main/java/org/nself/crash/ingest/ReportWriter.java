package org.nself.crash.ingest;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.grouping.Grouping;

/**
 * Writes reports, in one transaction per batch: finds or creates each report's group through the
 * fingerprint aliases, inserts the report (a known event id is a resend: nothing else changes),
 * counts it on the group, its users and releases, reopens a resolved group for a release that has
 * not seen it (recording the regression), and marks the hour for the rollup job.
 */
@Singleton
final class ReportWriter {
    private static final int MAX_MERGE_HOPS = 8;

    List<SavedReport> write(Connection c, List<PendingReport> batch) throws SQLException {
        List<SavedReport> saved = new ArrayList<>(batch.size());
        Set<String> dirty = new LinkedHashSet<>();
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant hour = receivedAt.truncatedTo(ChronoUnit.HOURS);
        for (PendingReport report : batch) {
            SavedReport result = writeOne(c, report, receivedAt);
            saved.add(result);
            if (!result.duplicate()) {
                dirty.add(report.account());
            }
        }
        if (!dirty.isEmpty()) {
            try (PreparedStatement mark = c.prepareStatement("INSERT INTO np_crash_rollup_dirty (source_account_id, hour)"
                    + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (String account : dirty) {
                    mark.setString(1, account);
                    mark.setTimestamp(2, Timestamp.from(hour));
                    mark.addBatch();
                }
                mark.executeBatch();
            }
        }
        return saved;
    }

    private SavedReport writeOne(Connection c, PendingReport report, Instant receivedAt) throws SQLException {
        String account = report.account();
        CrashEvent event = report.event();
        Grouping grouping = report.groupings().get(0);
        long groupId = resolveGroup(c, report);
        ExceptionValue main = event.mainException();
        Long reportId = null;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_reports (source_account_id, event_id,"
                + " group_id, fingerprint, strategy_version, occurred_at, platform, level, is_crash, release, dist,"
                + " environment, user_id, session_id, exception_type, exception_value, title, payload, received_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (source_account_id, event_id) DO NOTHING RETURNING id")) {
            insert.setString(1, account);
            insert.setObject(2, event.eventId());
            insert.setLong(3, groupId);
            insert.setString(4, grouping.fingerprint());
            insert.setInt(5, grouping.strategyVersion());
            insert.setTimestamp(6, Timestamp.from(event.timestamp()));
            insert.setString(7, event.platform());
            insert.setString(8, event.level().wire());
            insert.setBoolean(9, event.isCrash());
            insert.setString(10, event.release());
            insert.setString(11, event.dist());
            insert.setString(12, event.environment());
            insert.setString(13, event.userId());
            insert.setString(14, event.sessionId());
            insert.setString(15, main == null ? null : truncate(main.type(), 200));
            insert.setString(16, main == null ? null : truncate(main.value(), 1000));
            insert.setString(17, grouping.title());
            insert.setString(18, report.payloadJson());
            insert.setTimestamp(19, Timestamp.from(receivedAt));
            try (ResultSet r = insert.executeQuery()) {
                if (r.next()) {
                    reportId = r.getLong(1);
                }
            }
        }
        if (reportId == null) {
            try (PreparedStatement existing = c.prepareStatement(
                    "SELECT group_id FROM np_crash_reports WHERE source_account_id = ? AND event_id = ?")) {
                existing.setString(1, account);
                existing.setObject(2, event.eventId());
                try (ResultSet r = existing.executeQuery()) {
                    r.next();
                    return new SavedReport(event.eventId(), r.getLong(1), true);
                }
            }
        }
        String status = countOnGroup(c, account, groupId, event);
        if (status == null) {
            // merged while this report was on its way: follow the merge and move the report with it
            for (int hop = 0; hop < MAX_MERGE_HOPS && status == null; hop++) {
                groupId = mergedInto(c, account, groupId);
                status = countOnGroup(c, account, groupId, event);
            }
            try (PreparedStatement move = c.prepareStatement(
                    "UPDATE np_crash_reports SET group_id = ? WHERE source_account_id = ? AND id = ?")) {
                move.setLong(1, groupId);
                move.setString(2, account);
                move.setLong(3, reportId);
                move.executeUpdate();
            }
        }
        if (event.userKey() != null) {
            countUser(c, account, groupId, event.userKey());
        }
        if (event.release() != null && countRelease(c, account, groupId, event)
                && ("resolved".equals(status) || "resolved_in_next_release".equals(status))) {
            regress(c, account, groupId, event);
        }
        return new SavedReport(event.eventId(), groupId, false);
    }

    /** The group of the newest fingerprint; else of an older version's (adding the new one as alias); else a new group. */
    private long resolveGroup(Connection c, PendingReport report) throws SQLException {
        String account = report.account();
        List<String> fingerprints = report.groupings().stream().map(Grouping::fingerprint).distinct().toList();
        List<String> found = new ArrayList<>();
        List<Long> groups = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT fingerprint, group_id FROM np_crash_fingerprints"
                + " WHERE source_account_id = ? AND fingerprint = ANY(?)")) {
            select.setString(1, account);
            Array array = c.createArrayOf("bpchar", fingerprints.toArray());
            select.setArray(2, array);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                    groups.add(r.getLong(2));
                }
            }
        }
        Grouping current = report.groupings().get(0);
        for (String fingerprint : fingerprints) {
            int at = found.indexOf(fingerprint);
            if (at >= 0) {
                long group = groups.get(at);
                if (!fingerprint.equals(current.fingerprint())) {
                    addAlias(c, account, current, group);
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
            // another instance created it first; its row is committed now
            try (PreparedStatement select = c.prepareStatement("SELECT group_id FROM np_crash_fingerprints"
                    + " WHERE source_account_id = ? AND fingerprint = ?")) {
                select.setString(1, account);
                select.setString(2, current.fingerprint());
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        }
        CrashEvent event = report.event();
        ExceptionValue main = event.mainException();
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
            insert.setString(8, main == null ? null : truncate(main.type(), 200));
            insert.setString(9, event.level().wire());
            insert.setTimestamp(10, Timestamp.from(event.timestamp()));
            insert.setTimestamp(11, Timestamp.from(event.timestamp()));
            insert.setString(12, event.release());
            insert.setString(13, event.release());
            insert.executeUpdate();
        }
        return id;
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

    /** Counts the report on its group; returns the group's status, or null when the group was merged away. */
    private static String countOnGroup(Connection c, String account, long groupId, CrashEvent event) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET count = count + 1,"
                + " crash_count = crash_count + ?, first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?),"
                + " first_release = COALESCE(first_release, ?),"
                + " last_release = CASE WHEN ?::text IS NOT NULL AND ? >= last_seen THEN ? ELSE last_release END,"
                + " platforms = CASE WHEN ? = ANY(platforms) THEN platforms ELSE array_append(platforms, ?) END,"
                + " environments = CASE WHEN ?::text IS NULL OR ? = ANY(environments) THEN environments"
                + " ELSE array_append(environments, ?) END, updated_at = now()"
                + " WHERE source_account_id = ? AND id = ? AND merged_into IS NULL RETURNING status")) {
            Timestamp at = Timestamp.from(event.timestamp());
            update.setInt(1, event.isCrash() ? 1 : 0);
            update.setTimestamp(2, at);
            update.setTimestamp(3, at);
            update.setString(4, event.release());
            update.setString(5, event.release());
            update.setTimestamp(6, at);
            update.setString(7, event.release());
            update.setString(8, event.platform());
            update.setString(9, event.platform());
            update.setString(10, event.environment());
            update.setString(11, event.environment());
            update.setString(12, event.environment());
            update.setString(13, account);
            update.setLong(14, groupId);
            try (ResultSet r = update.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static long mergedInto(Connection c, String account, long groupId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT merged_into FROM np_crash_groups WHERE source_account_id = ? AND id = ?")) {
            select.setString(1, account);
            select.setLong(2, groupId);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next() || r.getObject(1) == null) {
                    throw new SQLException("group " + groupId + " vanished during ingest", "40001");
                }
                return r.getLong(1);
            }
        }
    }

    private static void countUser(Connection c, String account, long groupId, String userKey) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_group_users (source_account_id,"
                + " group_id, user_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, account);
            insert.setLong(2, groupId);
            insert.setString(3, userKey);
            if (insert.executeUpdate() == 0) {
                return;
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE np_crash_groups SET user_count = user_count + 1 WHERE source_account_id = ? AND id = ?")) {
            update.setString(1, account);
            update.setLong(2, groupId);
            update.executeUpdate();
        }
    }

    /** Counts the report on its release; true when this release had never seen the group. */
    private static boolean countRelease(Connection c, String account, long groupId, CrashEvent event) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO np_crash_group_releases (source_account_id,"
                + " group_id, release, count, first_seen, last_seen) VALUES (?, ?, ?, 1, ?, ?)"
                + " ON CONFLICT (source_account_id, group_id, release) DO UPDATE SET"
                + " count = np_crash_group_releases.count + 1,"
                + " first_seen = LEAST(np_crash_group_releases.first_seen, EXCLUDED.first_seen),"
                + " last_seen = GREATEST(np_crash_group_releases.last_seen, EXCLUDED.last_seen)"
                + " RETURNING (xmax = 0)")) {
            Timestamp at = Timestamp.from(event.timestamp());
            upsert.setString(1, account);
            upsert.setLong(2, groupId);
            upsert.setString(3, event.release());
            upsert.setTimestamp(4, at);
            upsert.setTimestamp(5, at);
            try (ResultSet r = upsert.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static void regress(Connection c, String account, long groupId, CrashEvent event) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET status = 'unresolved',"
                + " regressed_at = now(), resolved_at = NULL, resolved_in_release = NULL, updated_at = now()"
                + " WHERE source_account_id = ? AND id = ?")) {
            update.setString(1, account);
            update.setLong(2, groupId);
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_regressions (source_account_id,"
                + " group_id, release, event_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, account);
            insert.setLong(2, groupId);
            insert.setString(3, event.release());
            insert.setObject(4, event.eventId());
            insert.executeUpdate();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

}
