package org.nself.anomaly.event;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.nself.anomaly.detector.SqlFailure;

/** Reads and feedback on {@code np_anomaly_events}; every statement filters by account. */
@Singleton
final class EventQueries {
    private static final String COLUMNS =
            "id, detector_id, started_at, ended_at, peak_score, peak_value, peak_expected, point_count,"
                    + " severity, direction, status, feedback, feedback_note, detector_version, created_at, updated_at";
    private final TransactionOperations<Connection> tx;

    EventQueries(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** The list filters; any may be null. */
    record Filter(String detectorId, Instant since, Instant until, String status, Double minScore, String feedback) {}

    private record Where(String sql, List<Object> args) {}

    private static Where where(String account, Filter f) {
        StringBuilder sql = new StringBuilder(" WHERE source_account_id = ?");
        List<Object> args = new ArrayList<>(List.of(account));
        if (f.detectorId() != null) {
            sql.append(" AND detector_id = ?");
            args.add(f.detectorId());
        }
        if (f.since() != null) {
            sql.append(" AND ended_at >= ?");
            args.add(Timestamp.from(f.since()));
        }
        if (f.until() != null) {
            sql.append(" AND started_at < ?");
            args.add(Timestamp.from(f.until()));
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status());
        }
        if (f.minScore() != null) {
            sql.append(" AND peak_score >= ?");
            args.add(f.minScore());
        }
        if (f.feedback() != null) {
            if (f.feedback().equals("none")) {
                sql.append(" AND feedback IS NULL");
            } else {
                sql.append(" AND feedback = ?");
                args.add(f.feedback());
            }
        }
        return new Where(sql.toString(), args);
    }

    List<AnomalyView> list(String account, Filter f, int limit, long offset) {
        Where w = where(account, f);
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement("SELECT " + COLUMNS + " FROM np_anomaly_events" + w.sql()
                            + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?")) {
                int i = bind(ps, w.args());
                ps.setInt(i++, limit);
                ps.setLong(i, offset);
                List<AnomalyView> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(map(r));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    long count(String account, Filter f) {
        Where w = where(account, f);
        return tx.executeRead(s -> {
            try (PreparedStatement ps =
                    s.getConnection().prepareStatement("SELECT count(*) FROM np_anomaly_events" + w.sql())) {
                bind(ps, w.args());
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    Optional<AnomalyView> find(String account, UUID id) {
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement(
                            "SELECT " + COLUMNS + " FROM np_anomaly_events WHERE source_account_id = ? AND id = ?")) {
                ps.setString(1, account);
                ps.setObject(2, id);
                try (ResultSet r = ps.executeQuery()) {
                    return r.next() ? Optional.of(map(r)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    /** Sets or clears feedback; false when there is no such anomaly in the account. */
    boolean feedback(String account, UUID id, String feedback, String note) {
        return tx.executeWrite(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement("UPDATE np_anomaly_events SET feedback = ?, feedback_note = ?,"
                            + " updated_at = now() WHERE source_account_id = ? AND id = ?")) {
                ps.setString(1, feedback);
                ps.setString(2, note);
                ps.setString(3, account);
                ps.setObject(4, id);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
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
            Instant lastPoint) {}

    List<DetectorCounts> counts(String account, String detectorId) {
        return tx.executeRead(s -> {
            String sql = "SELECT d.id,"
                    + " (SELECT count(*) FROM np_anomaly_data_points p WHERE p.source_account_id = d.source_account_id AND p.detector_id = d.id),"
                    + " (SELECT count(*) FROM np_anomaly_data_points p WHERE p.source_account_id = d.source_account_id AND p.detector_id = d.id AND p.is_anomaly),"
                    + " count(e.id), count(e.id) FILTER (WHERE e.status = 'open'),"
                    + " count(e.id) FILTER (WHERE e.feedback = 'true_positive'), count(e.id) FILTER (WHERE e.feedback = 'false_positive'),"
                    + " (SELECT min(ts) FROM np_anomaly_data_points p WHERE p.source_account_id = d.source_account_id AND p.detector_id = d.id),"
                    + " (SELECT max(ts) FROM np_anomaly_data_points p WHERE p.source_account_id = d.source_account_id AND p.detector_id = d.id)"
                    + " FROM np_anomaly_detectors d LEFT JOIN np_anomaly_events e ON e.source_account_id = d.source_account_id AND e.detector_id = d.id"
                    + " WHERE d.source_account_id = ?" + (detectorId == null ? "" : " AND d.id = ?")
                    + " GROUP BY d.source_account_id, d.id ORDER BY d.id LIMIT 1000";
            try (PreparedStatement ps = s.getConnection().prepareStatement(sql)) {
                ps.setString(1, account);
                if (detectorId != null) {
                    ps.setString(2, detectorId);
                }
                List<DetectorCounts> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        Timestamp first = r.getTimestamp(8);
                        Timestamp last = r.getTimestamp(9);
                        out.add(new DetectorCounts(
                                r.getString(1),
                                r.getLong(2),
                                r.getLong(3),
                                r.getLong(4),
                                r.getLong(5),
                                r.getLong(6),
                                r.getLong(7),
                                first == null ? null : first.toInstant(),
                                last == null ? null : last.toInstant()));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    /** Up to 50 points before the anomaly, its points (at most 1000) and up to 50 after, in time order. */
    List<AnomalyView.PointView> around(String account, String detectorId, Instant started, Instant ended) {
        String cols = "ts, value, score, is_anomaly, expected, lower_bound, upper_bound, late";
        String base = " FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ? AND ";
        String sql = "SELECT * FROM ((SELECT " + cols + base + "ts < ? ORDER BY ts DESC LIMIT 50)"
                + " UNION ALL (SELECT " + cols + base + "ts >= ? AND ts <= ? ORDER BY ts LIMIT 1000)"
                + " UNION ALL (SELECT " + cols + base + "ts > ? ORDER BY ts LIMIT 50)) x ORDER BY ts";
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection().prepareStatement(sql)) {
                ps.setString(1, account);
                ps.setString(2, detectorId);
                ps.setTimestamp(3, Timestamp.from(started));
                ps.setString(4, account);
                ps.setString(5, detectorId);
                ps.setTimestamp(6, Timestamp.from(started));
                ps.setTimestamp(7, Timestamp.from(ended));
                ps.setString(8, account);
                ps.setString(9, detectorId);
                ps.setTimestamp(10, Timestamp.from(ended));
                List<AnomalyView.PointView> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(new AnomalyView.PointView(
                                r.getTimestamp(1).toInstant(),
                                r.getDouble(2),
                                r.getDouble(3),
                                r.getBoolean(4),
                                (Double) r.getObject(5),
                                (Double) r.getObject(6),
                                (Double) r.getObject(7),
                                r.getBoolean(8)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            ps.setObject(i++, a);
        }
        return i;
    }

    private static AnomalyView map(ResultSet r) throws SQLException {
        return new AnomalyView(
                (UUID) r.getObject("id"),
                r.getString("detector_id"),
                r.getTimestamp("started_at").toInstant(),
                r.getTimestamp("ended_at").toInstant(),
                r.getDouble("peak_score"),
                r.getDouble("peak_value"),
                (Double) r.getObject("peak_expected"),
                r.getInt("point_count"),
                r.getString("severity"),
                r.getString("direction"),
                r.getString("status"),
                r.getString("feedback"),
                r.getString("feedback_note"),
                r.getInt("detector_version"),
                r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("updated_at").toInstant(),
                null);
    }
}
