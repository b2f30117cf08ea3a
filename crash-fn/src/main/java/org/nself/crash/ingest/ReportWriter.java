package org.nself.crash.ingest;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.nself.crash.alerts.AlertDraft;
import org.nself.crash.alerts.CrashAlerts;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.grouping.Grouping;

/**
 * Writes a batch of reports in one transaction with a fixed number of round trips, whatever its size:
 * finds or creates each report's group through the fingerprint aliases, locks the groups (in id order,
 * following merges), inserts the reports (a known event id is a resend: nothing else changes), then
 * counts them per group, user and release, reopens resolved groups for releases that had not seen
 * them (recording the regression), and marks the hour for the rollup job.
 */
@Singleton
final class ReportWriter {
    private static final int MAX_MERGE_HOPS = 8;
    private final CrashAlerts alerts;

    ReportWriter(CrashAlerts alerts) {
        this.alerts = alerts;
    }

    List<SavedReport> write(Connection c, List<PendingReport> batch) throws SQLException {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SavedReport[] saved = new SavedReport[batch.size()];
        Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byAccount
                    .computeIfAbsent(batch.get(i).account(), k -> new ArrayList<>())
                    .add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byAccount.entrySet()) {
            writeAccount(c, e.getKey(), e.getValue(), batch, saved, receivedAt);
        }
        return List.of(saved);
    }

    private void writeAccount(
            Connection c,
            String account,
            List<Integer> indexes,
            List<PendingReport> batch,
            SavedReport[] saved,
            Instant receivedAt)
            throws SQLException {
        // 1. groups by fingerprint alias (creating the missing ones), then lock them in id order
        Map<Integer, Long> groupOf = new HashMap<>();
        Map<String, Long> aliases = aliases(c, account, indexes, batch);
        List<AlertDraft> raised = new ArrayList<>();
        for (int i : indexes) {
            groupOf.put(i, groupFor(c, account, batch.get(i), aliases, raised));
        }
        Map<Long, String> status = lockGroups(c, account, groupOf, indexes, batch, aliases, Set.of());

        // 2. the reports; a resend (known event id, also twice in one batch) changes nothing else
        List<Integer> fresh = insertReports(c, account, indexes, batch, groupOf, receivedAt);
        Set<Integer> freshSet = new HashSet<>(fresh);
        for (int i : indexes) {
            if (!freshSet.contains(i)) {
                saved[i] = new SavedReport(
                        batch.get(i).event().eventId(),
                        existingGroup(c, account, batch.get(i).event().eventId()),
                        true);
            } else {
                saved[i] = new SavedReport(batch.get(i).event().eventId(), groupOf.get(i), false);
            }
        }
        if (fresh.isEmpty()) {
            alerts.record(c, account, raised);
            return;
        }

        // 3. users and releases, then one update per group
        Map<Long, Long> newUsers = countUsers(c, account, fresh, batch, groupOf);
        Map<Long, Set<String>> newReleases = countReleases(c, account, fresh, batch, groupOf);
        updateGroups(c, account, fresh, batch, groupOf, newUsers);
        regressions(c, account, fresh, batch, groupOf, newReleases, status, raised);
        markHours(c, account, List.of(receivedAt));
        alerts.record(c, account, raised);
    }

    /** Reopens resolved groups that a report reached in a release they had not seen (Crashlytics' rule). */
    private static void regressions(
            Connection c,
            String account,
            List<Integer> fresh,
            List<PendingReport> batch,
            Map<Integer, Long> groupOf,
            Map<Long, Set<String>> newReleases,
            Map<Long, String> status,
            List<AlertDraft> raised)
            throws SQLException {
        for (Map.Entry<Long, Set<String>> e : newReleases.entrySet()) {
            String s = status.get(e.getKey());
            if (("resolved".equals(s) || "resolved_in_next_release".equals(s))
                    && !e.getValue().isEmpty()) {
                int first = fresh.stream()
                        .filter(i -> groupOf.get(i).equals(e.getKey())
                                && e.getValue().contains(batch.get(i).event().release()))
                        .findFirst()
                        .orElseThrow();
                CrashEvent event = batch.get(first).event();
                regress(c, account, e.getKey(), event);
                raised.add(AlertDraft.groupRegressed(
                        e.getKey(),
                        event.release(),
                        alertData(e.getKey(), batch.get(first).groupings().get(0), event)));
            }
        }
    }

    /**
     * Marks the hours (of reception) whose report rollups must be recomputed: a new mark per transaction,
     * never one shared with another, so the rollup job cannot clear it unread (see {@code RollupJob}).
     */
    private static void markHours(Connection c, String account, java.util.Collection<Instant> receivedAt)
            throws SQLException {
        Set<Instant> hours = new java.util.TreeSet<>();
        receivedAt.forEach(t -> hours.add(t.truncatedTo(ChronoUnit.HOURS)));
        try (PreparedStatement mark =
                c.prepareStatement("INSERT INTO np_crash_rollup_dirty (source_account_id, hour) VALUES (?, ?)")) {
            for (Instant hour : hours) {
                mark.setString(1, account);
                mark.setTimestamp(2, Timestamp.from(hour));
                mark.addBatch();
            }
            mark.executeBatch();
        }
    }

    /** A stored report symbolicated again: its row, the group it is in, and what it is now. */
    record Regroup(long reportId, long oldGroup, Instant receivedAt, PendingReport report) {}

    /**
     * Re-groups stored reports of one account after re-symbolication, in the caller's transaction (the
     * caller holds their rows locked). Each goes to the group of its new fingerprint, found or created
     * exactly as at ingest; its fingerprint, title, frames and missing debug ids are replaced; a report
     * that changes group takes its counts along (count, crash count, its user where no other report of
     * the old group has that user, its release count), the new group regresses as at ingest, and the
     * rollup hour is marked. A group left with no report keeps its row with count 0 (the list hides it).
     * Answers how many reports changed group.
     */
    int regroup(Connection c, String account, List<Regroup> reports) throws SQLException {
        List<PendingReport> batch = reports.stream().map(Regroup::report).toList();
        List<Integer> indexes = new ArrayList<>();
        Map<Integer, Long> reportIds = new HashMap<>();
        Set<Long> oldGroups = new HashSet<>();
        for (int i = 0; i < reports.size(); i++) {
            indexes.add(i);
            reportIds.put(i, reports.get(i).reportId());
            oldGroups.add(reports.get(i).oldGroup());
        }
        Map<String, Long> aliases = aliases(c, account, indexes, batch);
        Map<Integer, Long> groupOf = new HashMap<>();
        List<AlertDraft> raised = new ArrayList<>();
        for (int i : indexes) {
            groupOf.put(i, groupFor(c, account, batch.get(i), aliases, raised));
        }
        Map<Long, String> status = lockGroups(c, account, groupOf, indexes, batch, aliases, oldGroups);
        updateReports(c, account, reports, groupOf);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_report_missing_symbols"
                + " WHERE source_account_id = ? AND report_id = ANY(?)")) {
            delete.setString(1, account);
            delete.setArray(2, c.createArrayOf("bigint", reportIds.values().toArray()));
            delete.executeUpdate();
        }
        insertMissing(c, account, indexes, batch, reportIds);

        List<Integer> moved = new ArrayList<>();
        for (int i : indexes) {
            if (groupOf.get(i) != reports.get(i).oldGroup()) {
                moved.add(i);
            }
        }
        if (moved.isEmpty()) {
            alerts.record(c, account, raised);
            return 0;
        }
        Map<Long, Long> newUsers = countUsers(c, account, moved, batch, groupOf);
        Map<Long, Set<String>> newReleases = countReleases(c, account, moved, batch, groupOf);
        updateGroups(c, account, moved, batch, groupOf, newUsers);
        regressions(c, account, moved, batch, groupOf, newReleases, status, raised);
        alerts.record(c, account, raised);
        takeOut(c, account, moved, reports);
        markHours(
                c, account, moved.stream().map(i -> reports.get(i).receivedAt()).toList());
        return moved.size();
    }

    private static void updateReports(Connection c, String account, List<Regroup> reports, Map<Integer, Long> groupOf)
            throws SQLException {
        int n = reports.size();
        Object[] ids = new Object[n];
        Object[] groups = new Object[n];
        Object[] fingerprints = new Object[n];
        Object[] versions = new Object[n];
        Object[] titles = new Object[n];
        Object[] symbolications = new Object[n];
        Object[] frames = new Object[n];
        Object[] userKeys = new Object[n];
        for (int i = 0; i < n; i++) {
            PendingReport report = reports.get(i).report();
            Grouping grouping = report.groupings().get(0);
            ids[i] = reports.get(i).reportId();
            groups[i] = groupOf.get(i);
            fingerprints[i] = grouping.fingerprint();
            versions[i] = grouping.strategyVersion();
            titles[i] = grouping.title();
            symbolications[i] = report.symbolication().wire();
            frames[i] = report.framesJson();
            userKeys[i] = report.event().userKey();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_reports r SET group_id = u.g,"
                + " fingerprint = u.f, strategy_version = u.v, title = u.t, symbolication = u.s, frames = u.fr,"
                + " user_key = u.uk FROM unnest(?::bigint[], ?::bigint[], ?::bpchar[], ?::int[], ?::varchar[],"
                + " ?::varchar[], ?::jsonb[], ?::bpchar[]) AS u(id, g, f, v, t, s, fr, uk)"
                + " WHERE r.source_account_id = ? AND r.id = u.id")) {
            update.setArray(1, c.createArrayOf("bigint", ids));
            update.setArray(2, c.createArrayOf("bigint", groups));
            update.setArray(3, c.createArrayOf("bpchar", fingerprints));
            update.setArray(4, c.createArrayOf("int4", versions));
            update.setArray(5, c.createArrayOf("varchar", titles));
            update.setArray(6, c.createArrayOf("varchar", symbolications));
            update.setArray(7, c.createArrayOf("text", frames));
            update.setArray(8, c.createArrayOf("bpchar", userKeys));
            update.setString(9, account);
            update.executeUpdate();
        }
    }

    /** Takes moved reports out of their old groups' counts (the reports already point elsewhere). */
    private static void takeOut(Connection c, String account, List<Integer> moved, List<Regroup> reports)
            throws SQLException {
        record Key(long group, String value) {}
        Map<Long, long[]> counts = new TreeMap<>();
        Map<Key, long[]> releases = new LinkedHashMap<>();
        Set<Key> users = new java.util.LinkedHashSet<>();
        for (int i : moved) {
            Regroup report = reports.get(i);
            CrashEvent event = report.report().event();
            long[] count = counts.computeIfAbsent(report.oldGroup(), k -> new long[3]);
            count[0]++;
            count[1] += event.isCrash() ? 1 : 0;
            if (event.release() != null) {
                releases.computeIfAbsent(new Key(report.oldGroup(), event.release()), k -> new long[1])[0]++;
            }
            if (event.userKey() != null) {
                users.add(new Key(report.oldGroup(), event.userKey()));
            }
        }
        if (!users.isEmpty()) {
            List<Key> order = new ArrayList<>(users);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_group_users g"
                    + " WHERE g.source_account_id = ? AND g.group_id = ? AND g.user_key = ? AND NOT EXISTS"
                    + " (SELECT 1 FROM np_crash_reports r WHERE r.source_account_id = g.source_account_id"
                    + " AND r.group_id = g.group_id AND r.user_key = g.user_key)")) {
                for (Key key : order) {
                    delete.setString(1, account);
                    delete.setLong(2, key.group());
                    delete.setString(3, key.value());
                    delete.addBatch();
                }
                int[] deleted = delete.executeBatch();
                for (int k = 0; k < deleted.length; k++) {
                    if (deleted[k] > 0) {
                        counts.get(order.get(k).group())[2]++;
                    }
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET count = count - ?,"
                + " crash_count = crash_count - ?, user_count = user_count - ?, updated_at = now()"
                + " WHERE source_account_id = ? AND id = ?")) {
            for (Map.Entry<Long, long[]> e : counts.entrySet()) {
                update.setLong(1, e.getValue()[0]);
                update.setLong(2, e.getValue()[1]);
                update.setLong(3, e.getValue()[2]);
                update.setString(4, account);
                update.setLong(5, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        if (!releases.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_group_releases SET count = count - ?"
                    + " WHERE source_account_id = ? AND group_id = ? AND release = ?")) {
                for (Map.Entry<Key, long[]> e : releases.entrySet()) {
                    update.setLong(1, e.getValue()[0]);
                    update.setString(2, account);
                    update.setLong(3, e.getKey().group());
                    update.setString(4, e.getKey().value());
                    update.addBatch();
                }
                update.executeBatch();
            }
            // a release none of the group's reports is in any more has not seen the group
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_group_releases"
                    + " WHERE source_account_id = ? AND group_id = ANY(?) AND count <= 0")) {
                delete.setString(1, account);
                delete.setArray(2, c.createArrayOf("bigint", counts.keySet().toArray()));
                delete.executeUpdate();
            }
        }
    }

    private static Map<String, Long> aliases(
            Connection c, String account, List<Integer> indexes, List<PendingReport> batch) throws SQLException {
        Set<String> fingerprints = new HashSet<>();
        for (int i : indexes) {
            batch.get(i).groupings().forEach(g -> fingerprints.add(g.fingerprint()));
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
            Connection c, String account, PendingReport report, Map<String, Long> aliases, List<AlertDraft> raised)
            throws SQLException {
        Grouping current = report.groupings().get(0);
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
        aliases.put(current.fingerprint(), id);
        raised.add(AlertDraft.groupCreated(id, alertData(id, current, event)));
        return id;
    }

    /** What an alert about a group says: enough for a notification without another lookup. */
    private static Map<String, Object> alertData(long group, Grouping grouping, CrashEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group_id", group);
        data.put("title", grouping.title());
        data.put("culprit", grouping.culprit());
        data.put("level", event.level().wire());
        data.put("platform", event.platform());
        data.put("release", event.release());
        data.put("environment", event.environment());
        data.put("event_id", event.eventId().toString());
        return data;
    }

    private static long aliasOf(Connection c, String account, String fingerprint) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT group_id FROM np_crash_fingerprints" + " WHERE source_account_id = ? AND fingerprint = ?")) {
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
     * Locks the batch's groups in id order; a group merged away meanwhile is replaced by where its
     * fingerprint points now. Answers each group's status.
     */
    private static Map<Long, String> lockGroups(
            Connection c,
            String account,
            Map<Integer, Long> groupOf,
            List<Integer> indexes,
            List<PendingReport> batch,
            Map<String, Long> aliases,
            Set<Long> alsoLock)
            throws SQLException {
        for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
            Set<Long> wanted = new HashSet<>(groupOf.values());
            Map<Long, String> status = new TreeMap<>();
            Set<Long> merged = new HashSet<>();
            try (PreparedStatement lock = c.prepareStatement("SELECT id, status, merged_into FROM np_crash_groups"
                    + " WHERE source_account_id = ? AND id = ANY(?) ORDER BY id FOR UPDATE")) {
                lock.setString(1, account);
                Set<Long> locked = new HashSet<>(wanted);
                locked.addAll(alsoLock);
                lock.setArray(2, c.createArrayOf("bigint", locked.toArray()));
                try (ResultSet r = lock.executeQuery()) {
                    while (r.next()) {
                        r.getLong(3);
                        if (r.wasNull()) {
                            status.put(r.getLong(1), r.getString(2));
                        } else if (wanted.contains(r.getLong(1))) {
                            merged.add(r.getLong(1));
                        }
                    }
                }
            }
            if (merged.isEmpty()) {
                return status;
            }
            for (int i : indexes) {
                if (merged.contains(groupOf.get(i))) {
                    groupOf.put(
                            i,
                            aliasOf(c, account, batch.get(i).groupings().get(0).fingerprint()));
                }
            }
        }
        throw new SQLException("groups kept being merged during ingest", "40001");
    }

    private static List<Integer> insertReports(
            Connection c,
            String account,
            List<Integer> indexes,
            List<PendingReport> batch,
            Map<Integer, Long> groupOf,
            Instant receivedAt)
            throws SQLException {
        int n = indexes.size();
        Object[] eventIds = new Object[n];
        Object[] groups = new Object[n];
        Object[] fingerprints = new Object[n];
        Object[] versions = new Object[n];
        Object[] occurred = new Object[n];
        Object[] platforms = new Object[n];
        Object[] levels = new Object[n];
        Object[] crashes = new Object[n];
        Object[] releases = new Object[n];
        Object[] dists = new Object[n];
        Object[] environments = new Object[n];
        Object[] users = new Object[n];
        Object[] sessions = new Object[n];
        Object[] types = new Object[n];
        Object[] values = new Object[n];
        Object[] titles = new Object[n];
        Object[] payloads = new Object[n];
        Object[] symbolications = new Object[n];
        Object[] frames = new Object[n];
        Object[] userKeys = new Object[n];
        for (int k = 0; k < n; k++) {
            PendingReport report = batch.get(indexes.get(k));
            CrashEvent event = report.event();
            Grouping grouping = report.groupings().get(0);
            ExceptionValue main = event.mainException();
            eventIds[k] = event.eventId();
            groups[k] = groupOf.get(indexes.get(k));
            fingerprints[k] = grouping.fingerprint();
            versions[k] = grouping.strategyVersion();
            occurred[k] = Timestamp.from(event.timestamp());
            platforms[k] = event.platform();
            levels[k] = event.level().wire();
            crashes[k] = event.isCrash();
            releases[k] = event.release();
            dists[k] = event.dist();
            environments[k] = event.environment();
            users[k] = event.userId();
            sessions[k] = event.sessionId();
            types[k] = main == null ? null : truncate(main.type(), 200);
            values[k] = main == null ? null : truncate(main.value(), 1000);
            titles[k] = grouping.title();
            payloads[k] = report.payloadJson();
            symbolications[k] = report.symbolication().wire();
            frames[k] = report.framesJson();
            userKeys[k] = event.userKey();
        }
        Map<UUID, Long> inserted = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_reports (source_account_id, event_id,"
                + " group_id, fingerprint, strategy_version, occurred_at, platform, level, is_crash, release, dist,"
                + " environment, user_id, session_id, exception_type, exception_value, title, payload, symbolication,"
                + " frames, user_key, received_at)"
                + " SELECT ?, u.* , ? FROM unnest(?::uuid[], ?::bigint[], ?::bpchar[], ?::int[], ?::timestamptz[],"
                + " ?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::jsonb[], ?::varchar[], ?::jsonb[],"
                + " ?::bpchar[]) AS u"
                + " ON CONFLICT (source_account_id, event_id) DO NOTHING RETURNING event_id, id")) {
            insert.setString(1, account);
            insert.setTimestamp(2, Timestamp.from(receivedAt));
            insert.setArray(3, c.createArrayOf("uuid", eventIds));
            insert.setArray(4, c.createArrayOf("bigint", groups));
            insert.setArray(5, c.createArrayOf("bpchar", fingerprints));
            insert.setArray(6, c.createArrayOf("int4", versions));
            insert.setArray(7, c.createArrayOf("timestamptz", occurred));
            insert.setArray(8, c.createArrayOf("varchar", platforms));
            insert.setArray(9, c.createArrayOf("varchar", levels));
            insert.setArray(10, c.createArrayOf("bool", crashes));
            insert.setArray(11, c.createArrayOf("varchar", releases));
            insert.setArray(12, c.createArrayOf("varchar", dists));
            insert.setArray(13, c.createArrayOf("varchar", environments));
            insert.setArray(14, c.createArrayOf("varchar", users));
            insert.setArray(15, c.createArrayOf("varchar", sessions));
            insert.setArray(16, c.createArrayOf("varchar", types));
            insert.setArray(17, c.createArrayOf("varchar", values));
            insert.setArray(18, c.createArrayOf("varchar", titles));
            insert.setArray(19, c.createArrayOf("text", payloads));
            insert.setArray(20, c.createArrayOf("varchar", symbolications));
            insert.setArray(21, c.createArrayOf("text", frames));
            insert.setArray(22, c.createArrayOf("bpchar", userKeys));
            try (ResultSet r = insert.executeQuery()) {
                while (r.next()) {
                    inserted.put(r.getObject(1, UUID.class), r.getLong(2));
                }
            }
        }
        List<Integer> fresh = new ArrayList<>();
        Map<Integer, Long> reportIds = new HashMap<>();
        for (int i : indexes) {
            // the first of two equal event ids in one batch is the one inserted
            Long id = inserted.remove(batch.get(i).event().eventId());
            if (id != null) {
                fresh.add(i);
                reportIds.put(i, id);
            }
        }
        insertMissing(c, account, fresh, batch, reportIds);
        return fresh;
    }

    /** The debug ids each report still lacks symbols for: the re-symbolication job's index. */
    private static void insertMissing(
            Connection c, String account, List<Integer> which, List<PendingReport> batch, Map<Integer, Long> reportIds)
            throws SQLException {
        List<Object> ids = new ArrayList<>();
        List<Object> debugIds = new ArrayList<>();
        for (int i : which) {
            for (String debugId : batch.get(i).missingDebugIds()) {
                ids.add(reportIds.get(i));
                debugIds.add(debugId);
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_report_missing_symbols"
                + " (source_account_id, report_id, debug_id) SELECT ?, u.* FROM unnest(?::bigint[], ?::varchar[]) AS u"
                + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, account);
            insert.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            insert.setArray(3, c.createArrayOf("varchar", debugIds.toArray()));
            insert.executeUpdate();
        }
    }

    private static long existingGroup(Connection c, String account, UUID eventId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT group_id FROM np_crash_reports WHERE source_account_id = ? AND event_id = ?")) {
            select.setString(1, account);
            select.setObject(2, eventId);
            try (ResultSet r = select.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** New distinct users per group. */
    private static Map<Long, Long> countUsers(
            Connection c, String account, List<Integer> fresh, List<PendingReport> batch, Map<Integer, Long> groupOf)
            throws SQLException {
        Map<Long, Long> added = new HashMap<>();
        List<Long> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_group_users (source_account_id,"
                + " group_id, user_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i : fresh) {
                String user = batch.get(i).event().userKey();
                long group = groupOf.get(i);
                if (user == null || !seen.add(group + "/" + user)) {
                    continue;
                }
                insert.setString(1, account);
                insert.setLong(2, group);
                insert.setString(3, user);
                insert.addBatch();
                order.add(group);
            }
            if (order.isEmpty()) {
                return added;
            }
            int[] counts = insert.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] > 0) {
                    added.merge(order.get(k), 1L, Long::sum);
                }
            }
        }
        return added;
    }

    /** Counts reports per group and release; answers the releases each group had not seen before. */
    private static Map<Long, Set<String>> countReleases(
            Connection c, String account, List<Integer> fresh, List<PendingReport> batch, Map<Integer, Long> groupOf)
            throws SQLException {
        record Key(long group, String release) {}
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, Instant[]> spans = new HashMap<>();
        for (int i : fresh) {
            CrashEvent event = batch.get(i).event();
            if (event.release() == null) {
                continue;
            }
            Key key = new Key(groupOf.get(i), event.release());
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            Instant[] span = spans.computeIfAbsent(key, k -> new Instant[] {event.timestamp(), event.timestamp()});
            span[0] = event.timestamp().isBefore(span[0]) ? event.timestamp() : span[0];
            span[1] = event.timestamp().isAfter(span[1]) ? event.timestamp() : span[1];
        }
        Map<Long, Set<String>> fresher = new HashMap<>();
        if (counts.isEmpty()) {
            return fresher;
        }
        Set<Key> known = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement("SELECT group_id, release FROM np_crash_group_releases"
                + " WHERE source_account_id = ? AND group_id = ANY(?) AND release = ANY(?)")) {
            select.setString(1, account);
            select.setArray(
                    2,
                    c.createArrayOf(
                            "bigint",
                            counts.keySet().stream().map(Key::group).distinct().toArray()));
            select.setArray(
                    3,
                    c.createArrayOf(
                            "varchar",
                            counts.keySet().stream()
                                    .map(Key::release)
                                    .distinct()
                                    .toArray()));
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    known.add(new Key(r.getLong(1), r.getString(2)));
                }
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO np_crash_group_releases (source_account_id,"
                + " group_id, release, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (source_account_id, group_id, release) DO UPDATE SET"
                + " count = np_crash_group_releases.count + EXCLUDED.count,"
                + " first_seen = LEAST(np_crash_group_releases.first_seen, EXCLUDED.first_seen),"
                + " last_seen = GREATEST(np_crash_group_releases.last_seen, EXCLUDED.last_seen)")) {
            for (Map.Entry<Key, long[]> e : counts.entrySet()) {
                Instant[] span = spans.get(e.getKey());
                upsert.setString(1, account);
                upsert.setLong(2, e.getKey().group());
                upsert.setString(3, e.getKey().release());
                upsert.setLong(4, e.getValue()[0]);
                upsert.setTimestamp(5, Timestamp.from(span[0]));
                upsert.setTimestamp(6, Timestamp.from(span[1]));
                upsert.addBatch();
                if (!known.contains(e.getKey())) {
                    fresher.computeIfAbsent(e.getKey().group(), k -> new HashSet<>())
                            .add(e.getKey().release());
                }
            }
            upsert.executeBatch();
        }
        return fresher;
    }

    private static final class GroupDelta {
        long count;
        long crashes;
        Instant first;
        Instant last;
        String firstRelease;
        String lastRelease;
        final Set<String> platforms = new HashSet<>();
        final Set<String> environments = new HashSet<>();
    }

    private static void updateGroups(
            Connection c,
            String account,
            List<Integer> fresh,
            List<PendingReport> batch,
            Map<Integer, Long> groupOf,
            Map<Long, Long> newUsers)
            throws SQLException {
        Map<Long, GroupDelta> deltas = new TreeMap<>();
        for (int i : fresh) {
            CrashEvent event = batch.get(i).event();
            GroupDelta d = deltas.computeIfAbsent(groupOf.get(i), k -> new GroupDelta());
            d.count++;
            d.crashes += event.isCrash() ? 1 : 0;
            if (d.first == null || event.timestamp().isBefore(d.first)) {
                d.first = event.timestamp();
                d.firstRelease = event.release() != null ? event.release() : d.firstRelease;
            }
            if (d.last == null || !event.timestamp().isBefore(d.last)) {
                d.last = event.timestamp();
                d.lastRelease = event.release() != null ? event.release() : d.lastRelease;
            }
            d.platforms.add(event.platform());
            if (event.environment() != null) {
                d.environments.add(event.environment());
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_groups SET count = count + ?,"
                + " crash_count = crash_count + ?, user_count = user_count + ?,"
                + " first_seen = LEAST(first_seen, ?), first_release = COALESCE(first_release, ?),"
                + " last_release = CASE WHEN ?::text IS NOT NULL AND ? >= last_seen THEN ? ELSE last_release END,"
                + " last_seen = GREATEST(last_seen, ?),"
                + " platforms = ARRAY(SELECT DISTINCT x FROM unnest(platforms || ?::text[]) x ORDER BY 1),"
                + " environments = ARRAY(SELECT DISTINCT x FROM unnest(environments || ?::text[]) x ORDER BY 1),"
                + " updated_at = now() WHERE source_account_id = ? AND id = ?")) {
            for (Map.Entry<Long, GroupDelta> e : deltas.entrySet()) {
                GroupDelta d = e.getValue();
                Timestamp last = Timestamp.from(d.last);
                update.setLong(1, d.count);
                update.setLong(2, d.crashes);
                update.setLong(3, newUsers.getOrDefault(e.getKey(), 0L));
                update.setTimestamp(4, Timestamp.from(d.first));
                update.setString(5, d.firstRelease);
                update.setString(6, d.lastRelease);
                update.setTimestamp(7, last);
                update.setString(8, d.lastRelease);
                update.setTimestamp(9, last);
                update.setArray(10, c.createArrayOf("text", d.platforms.toArray()));
                update.setArray(11, c.createArrayOf("text", d.environments.toArray()));
                update.setString(12, account);
                update.setLong(13, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
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
