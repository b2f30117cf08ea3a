package org.nself.incident.stats;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.incident.lifecycle.Severity;
import org.nself.incident.lifecycle.Status;
import org.nself.shared.jdbc.Jdbc;

/**
 * Counts by severity and status of the incidents started in a period, and MTTA, MTTM, MTTR
 * (acknowledged/mitigated/resolved minus started_at) as median and mean, in one read-only
 * transaction. Milestones keep their first stamp, so a reopen never moves them; cancelled incidents
 * (false alarms) are left out of the response times.
 */
@Singleton
record IncidentStats(TransactionOperations<Connection> tx) {
    StatsView of(String account, Period p) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            Object[] range = {account, p.since(), p.until()};
            String in = " FROM np_incidents WHERE source_account_id = ? AND started_at >= ? AND started_at < ?";
            Map<String, Long> bySeverity = countBy(
                    c,
                    "severity",
                    Arrays.stream(Severity.values()).map(Severity::name).toList(),
                    in,
                    range);
            Map<String, Long> byStatus = countBy(
                    c,
                    "status",
                    Arrays.stream(Status.values()).map(Status::wire).toList(),
                    in,
                    range);
            long total = bySeverity.values().stream().mapToLong(Long::longValue).sum();
            long reopened = Jdbc.count(c, "SELECT count(*)" + in + " AND reopen_count > 0", range);
            return new StatsView(
                    p.name(),
                    p.since(),
                    p.until(),
                    total,
                    bySeverity,
                    byStatus,
                    reopened,
                    duration(c, "acknowledged_at", in, range),
                    duration(c, "mitigated_at", in, range),
                    duration(c, "resolved_at", in, range));
        });
    }

    /** {@code milestone} is one of three fixed column names, never user input. */
    private static StatsView.Duration duration(Connection c, String milestone, String in, Object[] range) {
        String seconds = "EXTRACT(EPOCH FROM (" + milestone + " - started_at))";
        return Jdbc.one(
                        c,
                        "SELECT count(" + milestone + "), percentile_cont(0.5) WITHIN GROUP (ORDER BY " + seconds + "),"
                                + " avg(" + seconds + ")" + in + " AND status <> 'cancelled' AND " + milestone
                                + " IS NOT NULL",
                        r -> new StatsView.Duration(
                                r.getLong(1),
                                r.getObject(2) == null ? null : r.getDouble(2),
                                r.getObject(3) == null ? null : r.getDouble(3)),
                        range)
                .orElseThrow();
    }

    /** Counts per value of {@code column} (a constant), every one of {@code values} present, zero if none. */
    private static Map<String, Long> countBy(
            Connection c, String column, List<String> values, String in, Object[] range) {
        Map<String, Long> counts = new LinkedHashMap<>();
        values.forEach(v -> counts.put(v, 0L));
        Jdbc.query(
                c,
                "SELECT " + column + ", count(*)" + in + " GROUP BY " + column,
                r -> {
                    counts.put(r.getString(1), r.getLong(2));
                    return null;
                },
                range);
        return counts;
    }
}
