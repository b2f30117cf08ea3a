package org.nself.crash.alerts;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.crash.group.GroupSummaries;
import org.nself.shared.jdbc.Jdbc;

/**
 * The two spike rules, evaluated on an hour's fresh rollups (by the rollup job, in its transaction):
 *
 * <ul>
 *   <li>crash rate: a release whose sessions started in the hour number at least {@code min-sessions}
 *       and whose crash-free session rate for the hour is below {@code crash-free-below};
 *   <li>velocity: a group with at least {@code min-reports} reports received in the hour, and at least
 *       {@code factor} times its average hourly count over the 7 days before (or since it was created,
 *       when younger). A group created within the hour is left to its {@code group.created} alert.
 * </ul>
 *
 * Each fires once per release or group and hour.
 */
@Singleton
public record SpikeRules(AlertSettings settings, CrashAlerts alerts) {
    private static final Duration BASELINE = Duration.ofDays(7);

    /** Evaluates both rules for one account and hour and records what fires; returns how many fired. */
    public int evaluate(Connection c, String account, Instant hour) throws SQLException {
        List<AlertDraft> drafts = new ArrayList<>(crashRate(c, account, hour));
        drafts.addAll(velocity(c, account, hour));
        return drafts.isEmpty() ? 0 : alerts.record(c, account, drafts);
    }

    private List<AlertDraft> crashRate(Connection c, String account, Instant hour) {
        record Release(String release, long started, long crashed) {}
        List<Release> releases = Jdbc.query(
                c,
                "SELECT release, sum(started), sum(crashed)"
                        + " FROM np_crash_session_rollups WHERE source_account_id = ? AND hour = ?"
                        + " GROUP BY release HAVING sum(started) >= ? ORDER BY release",
                r -> new Release(r.getString(1), r.getLong(2), r.getLong(3)),
                account,
                hour,
                settings.rateMinSessions);
        List<AlertDraft> drafts = new ArrayList<>();
        for (Release r : releases) {
            double crashFree = 1.0 - (double) r.crashed() / r.started();
            if (crashFree >= settings.crashFreeBelow) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("release", r.release());
            data.put("hour", hour.toString());
            data.put("sessions_started", r.started());
            data.put("sessions_crashed", r.crashed());
            data.put("crash_free_sessions", Math.round(crashFree * 100_000) / 100_000.0);
            data.put("crash_free_below", settings.crashFreeBelow);
            drafts.add(new AlertDraft(
                    AlertKind.CRASH_RATE_SPIKE,
                    "crash_rate.spike:" + r.release() + ":" + hour,
                    null,
                    r.release(),
                    data));
        }
        return drafts;
    }

    private List<AlertDraft> velocity(Connection c, String account, Instant hour) {
        List<long[]> busy = Jdbc.query(
                c,
                "WITH now_counts AS (SELECT group_id, sum(reports) AS n"
                        + " FROM np_crash_report_rollups WHERE source_account_id = ? AND hour = ?"
                        + " GROUP BY group_id HAVING sum(reports) >= ?)"
                        + " SELECT n.group_id, n.n,"
                        + " (SELECT COALESCE(sum(p.reports), 0) FROM np_crash_report_rollups p WHERE p.source_account_id = ?"
                        + " AND p.group_id = n.group_id AND p.hour >= ? AND p.hour < ?) AS prior"
                        + " FROM now_counts n ORDER BY n.group_id",
                r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
                account,
                hour,
                settings.velocityMinReports,
                account,
                hour.minus(BASELINE),
                hour);
        Map<Long, GroupSummaries.Summary> groups =
                GroupSummaries.of(c, account, busy.stream().map(b -> b[0]).toList());
        List<AlertDraft> drafts = new ArrayList<>();
        for (long[] b : busy) {
            long group = b[0];
            long n = b[1];
            long prior = b[2];
            GroupSummaries.Summary summary = groups.get(group);
            if (summary == null || summary.merged() || !summary.createdAt().isBefore(hour)) {
                continue;
            }
            long hours = Math.max(
                    1,
                    Math.min(
                            BASELINE.toHours(),
                            Duration.between(summary.createdAt(), hour).toHours()));
            double average = (double) prior / hours;
            if (n < settings.velocityFactor * average) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("group_id", group);
            data.put("title", summary.title());
            data.put("culprit", summary.culprit());
            data.put("level", summary.level());
            data.put("hour", hour.toString());
            data.put("reports_in_hour", n);
            data.put("hourly_average", Math.round(average * 100) / 100.0);
            data.put("baseline_hours", hours);
            drafts.add(new AlertDraft(
                    AlertKind.GROUP_VELOCITY, "group.velocity:" + group + ":" + hour, group, null, data));
        }
        return drafts;
    }
}
