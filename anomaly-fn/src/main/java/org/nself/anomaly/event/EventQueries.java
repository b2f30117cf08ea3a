package org.nself.anomaly.event;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.RecordRows;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.json.JsonText;

/**
 * Reads and feedback on {@code np_anomaly_events}, one statement each (in the caller's transaction when
 * there is one); every statement filters by account.
 */
@Singleton
record EventQueries(TransactionOperations<Connection> tx, JsonText json) {
    private static final RecordRows<AnomalyView> ROWS = RecordRows.of(AnomalyView.class);
    private static final String COLUMNS =
            "id, detector_id, started_at, ended_at, peak_score, peak_value, peak_expected, point_count,"
                    + " severity, direction, status, feedback, feedback_note, detector_version, created_at, updated_at,"
                    + " entity_labels::text AS entity_labels";

    private AnomalyView row(ResultSet r) throws SQLException {
        return ROWS.map(r).in(json.readStringMap(r.getString("entity_labels")));
    }

    List<AnomalyView> list(String account, AnomalyFilter f, int limit, long offset) {
        SqlFilter where = f.where(account);
        return read(c -> Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_events" + where.clause()
                        + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?",
                this::row,
                where.params(limit, offset)));
    }

    long count(String account, AnomalyFilter f) {
        SqlFilter where = f.where(account);
        return read(c -> Jdbc.count(c, "SELECT count(*) FROM np_anomaly_events" + where.clause(), where.params()));
    }

    Optional<AnomalyView> find(String account, UUID id) {
        return read(c -> Jdbc.one(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_events WHERE source_account_id = ? AND id = ?",
                this::row,
                account,
                id));
    }

    /** Sets or clears feedback; false when there is no such anomaly in the account. */
    boolean feedback(String account, UUID id, String feedback, String note) {
        return tx.executeWrite(s -> Jdbc.update(
                        s.getConnection(),
                        "UPDATE np_anomaly_events SET feedback = ?, feedback_note = ?, updated_at = now()"
                                + " WHERE source_account_id = ? AND id = ?",
                        feedback,
                        note,
                        account,
                        id))
                == 1;
    }

    /** Per-detector counts for stats. */
    record DetectorCounts(
            String detectorId,
            long points,
            long anomalousPoints,
            long anomalies,
            long open,
            long truePositive,
            long falsePositive,
            Instant firstPoint,
            Instant lastPoint) {
        /** No detector: what {@link #plus} starts from. */
        static final DetectorCounts NONE = new DetectorCounts(null, 0, 0, 0, 0, 0, 0, null, null);

        /** Both together (no detector id): the sums, the earlier first point and the later last point. */
        DetectorCounts plus(DetectorCounts o) {
            return new DetectorCounts(
                    null,
                    points + o.points,
                    anomalousPoints + o.anomalousPoints,
                    anomalies + o.anomalies,
                    open + o.open,
                    truePositive + o.truePositive,
                    falsePositive + o.falsePositive,
                    earlier(firstPoint, o.firstPoint),
                    later(lastPoint, o.lastPoint));
        }

        private static Instant earlier(Instant a, Instant b) {
            return a == null || (b != null && b.isBefore(a)) ? b : a;
        }

        private static Instant later(Instant a, Instant b) {
            return a == null || (b != null && b.isAfter(a)) ? b : a;
        }
    }

    List<DetectorCounts> counts(String account, String detectorId) {
        String points = "FROM np_anomaly_data_points p WHERE p.source_account_id = d.source_account_id"
                + " AND p.detector_id = d.id";
        SqlFilter where = SqlFilter.where("d.source_account_id = ?", account).andIfPresent("d.id = ?", detectorId);
        return read(c -> Jdbc.query(
                c,
                "SELECT d.id, (SELECT count(*) " + points + ") AS points,"
                        + " (SELECT count(*) " + points + " AND p.is_anomaly) AS anomalous_points,"
                        + " count(e.id) AS anomalies, count(e.id) FILTER (WHERE e.status = 'open') AS open_anomalies,"
                        + " count(e.id) FILTER (WHERE e.feedback = 'true_positive') AS true_positive,"
                        + " count(e.id) FILTER (WHERE e.feedback = 'false_positive') AS false_positive,"
                        + " (SELECT min(ts) " + points + ") AS first_point,"
                        + " (SELECT max(ts) " + points + ") AS last_point"
                        + " FROM np_anomaly_detectors d LEFT JOIN np_anomaly_events e"
                        + " ON e.source_account_id = d.source_account_id AND e.detector_id = d.id"
                        + where.clause() + " GROUP BY d.source_account_id, d.id ORDER BY d.id LIMIT 1000",
                r -> new DetectorCounts(
                        r.getString("id"),
                        r.getLong("points"),
                        r.getLong("anomalous_points"),
                        r.getLong("anomalies"),
                        r.getLong("open_anomalies"),
                        r.getLong("true_positive"),
                        r.getLong("false_positive"),
                        Jdbc.instant(r, "first_point"),
                        Jdbc.instant(r, "last_point")),
                where.params()));
    }

    private <T> T read(Function<Connection, T> statement) {
        return tx.executeRead(s -> statement.apply(s.getConnection()));
    }
}
