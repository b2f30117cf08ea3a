package org.nself.crash.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.EventAttributes;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.group.Assignment;
import org.nself.crash.group.ReportFacts;

/** The report rows of ingest and re-symbolication: one statement per batch each, whatever its size. */
final class ReportRows {
    static final int MAX_EXCEPTION_TYPE = 200;
    private static final int MAX_EXCEPTION_VALUE = 1000;

    private ReportRows() {}

    /**
     * Inserts one account's reports into their assigned groups; a known event id (also twice in one
     * batch) is a resend and not inserted. Answers the indexes of the reports inserted.
     */
    static List<Integer> insert(
            Connection c, String account, List<PendingReport> reports, Assignment groups, Instant receivedAt)
            throws SQLException {
        int n = reports.size();
        Grouped grouped = Grouped.of(reports, groups);
        Object[] eventIds = new Object[n];
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
        Object[] payloads = new Object[n];
        Object[] tags = new Object[n];
        Object[] tagProblems = new Object[n];
        for (int k = 0; k < n; k++) {
            PendingReport report = reports.get(k);
            EventAttributes attributes = report.event().attributes();
            ReportFacts facts = report.facts();
            ExceptionValue main = report.event().mainException();
            eventIds[k] = attributes.eventId();
            occurred[k] = Timestamp.from(attributes.timestamp());
            platforms[k] = attributes.platform();
            levels[k] = facts.level();
            crashes[k] = facts.crash();
            releases[k] = attributes.release();
            dists[k] = attributes.dist();
            environments[k] = attributes.environment();
            users[k] = attributes.userId();
            sessions[k] = attributes.sessionId();
            types[k] = facts.exceptionType();
            values[k] = main == null ? null : truncate(main.value(), MAX_EXCEPTION_VALUE);
            payloads[k] = report.payloadJson();
            tags[k] = report.tagsJson();
            tagProblems[k] = report.tagProblemsJson();
        }
        Map<UUID, Long> inserted = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_reports (source_account_id, event_id,"
                + " group_id, fingerprint, strategy_version, occurred_at, platform, level, is_crash, release, dist,"
                + " environment, user_id, session_id, exception_type, exception_value, title, payload, symbolication,"
                + " frames, user_key, tags, tag_problems, received_at)"
                + " SELECT ?, u.* , ? FROM unnest(?::uuid[], ?::bigint[], ?::bpchar[], ?::int[], ?::timestamptz[],"
                + " ?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::jsonb[], ?::varchar[], ?::jsonb[],"
                + " ?::bpchar[], ?::jsonb[], ?::jsonb[]) AS u"
                + " ON CONFLICT (source_account_id, event_id) DO NOTHING RETURNING event_id, id")) {
            insert.setString(1, account);
            insert.setTimestamp(2, Timestamp.from(receivedAt));
            insert.setArray(3, c.createArrayOf("uuid", eventIds));
            insert.setArray(4, c.createArrayOf("bigint", grouped.groupIds()));
            insert.setArray(5, c.createArrayOf("bpchar", grouped.fingerprints()));
            insert.setArray(6, c.createArrayOf("int4", grouped.versions()));
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
            insert.setArray(18, c.createArrayOf("varchar", grouped.titles()));
            insert.setArray(19, c.createArrayOf("text", payloads));
            insert.setArray(20, c.createArrayOf("varchar", grouped.symbolications()));
            insert.setArray(21, c.createArrayOf("text", grouped.frames()));
            insert.setArray(22, c.createArrayOf("bpchar", grouped.userKeys()));
            insert.setArray(23, c.createArrayOf("text", tags));
            insert.setArray(24, c.createArrayOf("text", tagProblems));
            try (ResultSet r = insert.executeQuery()) {
                while (r.next()) {
                    inserted.put(r.getObject(1, UUID.class), r.getLong(2));
                }
            }
        }
        List<Integer> fresh = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<PendingReport> freshReports = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            // the first of two equal event ids in one batch is the one inserted
            Long id = inserted.remove(reports.get(k).event().attributes().eventId());
            if (id != null) {
                fresh.add(k);
                ids.add(id);
                freshReports.add(reports.get(k));
            }
        }
        insertMissing(c, account, ids, freshReports);
        return fresh;
    }

    /** The group a resent report is in. */
    static long groupOf(Connection c, String account, UUID eventId) throws SQLException {
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

    /** Stored reports symbolicated again: their group, fingerprint, title, frames and missing debug ids are replaced. */
    static void update(Connection c, String account, List<Long> ids, List<PendingReport> reports, Assignment groups)
            throws SQLException {
        Grouped grouped = Grouped.of(reports, groups);
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_reports r SET group_id = u.g,"
                + " fingerprint = u.f, strategy_version = u.v, title = u.t, symbolication = u.s, frames = u.fr,"
                + " user_key = u.uk FROM unnest(?::bigint[], ?::bigint[], ?::bpchar[], ?::int[], ?::varchar[],"
                + " ?::varchar[], ?::jsonb[], ?::bpchar[]) AS u(id, g, f, v, t, s, fr, uk)"
                + " WHERE r.source_account_id = ? AND r.id = u.id")) {
            update.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            update.setArray(2, c.createArrayOf("bigint", grouped.groupIds()));
            update.setArray(3, c.createArrayOf("bpchar", grouped.fingerprints()));
            update.setArray(4, c.createArrayOf("int4", grouped.versions()));
            update.setArray(5, c.createArrayOf("varchar", grouped.titles()));
            update.setArray(6, c.createArrayOf("varchar", grouped.symbolications()));
            update.setArray(7, c.createArrayOf("text", grouped.frames()));
            update.setArray(8, c.createArrayOf("bpchar", grouped.userKeys()));
            update.setString(9, account);
            update.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM np_crash_report_missing_symbols"
                + " WHERE source_account_id = ? AND report_id = ANY(?)")) {
            delete.setString(1, account);
            delete.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
        insertMissing(c, account, ids, reports);
    }

    /** The debug ids each report still lacks symbols for: the re-symbolication job's index. */
    private static void insertMissing(Connection c, String account, List<Long> ids, List<PendingReport> reports)
            throws SQLException {
        List<Object> reportIds = new ArrayList<>();
        List<Object> debugIds = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            for (String debugId : reports.get(i).missingDebugIds()) {
                reportIds.add(ids.get(i));
                debugIds.add(debugId);
            }
        }
        if (reportIds.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_report_missing_symbols"
                + " (source_account_id, report_id, debug_id) SELECT ?, u.* FROM unnest(?::bigint[], ?::varchar[]) AS u"
                + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, account);
            insert.setArray(2, c.createArrayOf("bigint", reportIds.toArray()));
            insert.setArray(3, c.createArrayOf("varchar", debugIds.toArray()));
            insert.executeUpdate();
        }
    }

    /**
     * The columns grouping and symbolication decide, one array element per report of the batch: what
     * {@link #insert} writes with the rest and {@link #update} replaces.
     */
    private record Grouped(
            Object[] groupIds,
            Object[] fingerprints,
            Object[] versions,
            Object[] titles,
            Object[] symbolications,
            Object[] frames,
            Object[] userKeys) {
        static Grouped of(List<PendingReport> reports, Assignment groups) {
            int n = reports.size();
            Grouped g = new Grouped(
                    new Object[n],
                    new Object[n],
                    new Object[n],
                    new Object[n],
                    new Object[n],
                    new Object[n],
                    new Object[n]);
            for (int i = 0; i < n; i++) {
                PendingReport report = reports.get(i);
                ReportFacts facts = report.facts();
                g.groupIds[i] = groups.group(i);
                g.fingerprints[i] = facts.current().fingerprint();
                g.versions[i] = facts.current().strategyVersion();
                g.titles[i] = facts.current().title();
                g.symbolications[i] = report.symbolication().wire();
                g.frames[i] = report.framesJson();
                g.userKeys[i] = report.event().attributes().userKey();
            }
            return g;
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
