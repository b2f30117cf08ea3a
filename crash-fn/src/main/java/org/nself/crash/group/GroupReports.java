package org.nself.crash.group;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.symbolication.EventSymbolication;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** A group's reports, and a group with its latest report, release counts and regressions; one account each. */
@Singleton
record GroupReports(TransactionOperations<Connection> transactions, JsonMapper json) {
    private static final String REPORT_COLUMNS = "event_id, group_id, occurred_at, received_at, platform, level,"
            + " is_crash, release, dist, environment, user_id, session_id, exception_type, exception_value, title,"
            + " symbolication, tags::text AS tags, tag_problems::text AS tag_problems, ARRAY(SELECT m.debug_id FROM np_crash_report_missing_symbols m"
            + " WHERE m.source_account_id = np_crash_reports.source_account_id AND m.report_id = np_crash_reports.id"
            + " ORDER BY 1) AS missing_debug_ids";
    private static final Argument<List<Map<String, Object>>> FRAMES =
            Argument.listOf(Argument.mapOf(String.class, Object.class));
    private static final Argument<Map<String, String>> TAGS = Argument.mapOf(String.class, String.class);
    private static final Argument<List<Map<String, String>>> PROBLEMS =
            Argument.listOf(Argument.mapOf(String.class, String.class));

    Optional<GroupDetailView> detail(String account, long id) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            Optional<GroupView> group = GroupRepository.find(c, account, id);
            if (group.isEmpty()) {
                return Optional.empty();
            }
            ReportView latest = Jdbc.one(
                            c,
                            "SELECT " + REPORT_COLUMNS + ", payload::text AS payload, frames::text AS frames"
                                    + " FROM np_crash_reports WHERE source_account_id = ? AND group_id = ? ORDER BY id DESC LIMIT 1",
                            r -> report(r, true),
                            account,
                            id)
                    .orElse(null);
            List<GroupDetailView.ReleaseCount> releases = Jdbc.query(
                    c,
                    "SELECT release, count, first_seen, last_seen FROM np_crash_group_releases"
                            + " WHERE source_account_id = ? AND group_id = ? ORDER BY last_seen DESC LIMIT 1000",
                    r -> new GroupDetailView.ReleaseCount(
                            r.getString("release"),
                            r.getLong("count"),
                            Jdbc.instant(r, "first_seen"),
                            Jdbc.instant(r, "last_seen")),
                    account,
                    id);
            List<GroupDetailView.Regression> regressions = Jdbc.query(
                    c,
                    "SELECT release, event_id, created_at FROM np_crash_regressions"
                            + " WHERE source_account_id = ? AND group_id = ? ORDER BY id DESC LIMIT 100",
                    r -> new GroupDetailView.Regression(
                            r.getString("release"),
                            CrashEventParser.hex(r.getObject("event_id", UUID.class)),
                            Jdbc.instant(r, "created_at")),
                    account,
                    id);
            return Optional.of(new GroupDetailView(group.get(), latest, releases, regressions));
        });
    }

    /** Empty when the group is not this account's. */
    Optional<ListView<ReportView>> reports(String account, long groupId, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            if (GroupRepository.find(c, account, groupId).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Jdbc.page(
                    c,
                    REPORT_COLUMNS,
                    "np_crash_reports",
                    SqlFilter.where("source_account_id = ? AND group_id = ?", account, groupId),
                    "id DESC",
                    page,
                    r -> report(r, false)));
        });
    }

    private Map<String, String> readTags(String stored) {
        try {
            return new TreeMap<>(json.readValue(stored, TAGS));
        } catch (IOException e) {
            throw new IllegalStateException("stored tags are not JSON", e);
        }
    }

    private List<Map<String, String>> readProblems(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, PROBLEMS);
        } catch (IOException e) {
            throw new IllegalStateException("stored tag problems are not JSON", e);
        }
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
            } else if (payload != null && !EventSymbolication.Status.NONE.wire().equals(r.getString("symbolication"))) {
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
                readTags(r.getString("tags")),
                readProblems(r.getString("tag_problems")),
                frames,
                payload);
    }
}
