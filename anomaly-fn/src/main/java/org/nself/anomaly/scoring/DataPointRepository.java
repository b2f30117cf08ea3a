package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Array;
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
import org.nself.anomaly.detector.SqlFailure;

/** {@code np_anomaly_data_points}: batched writes through {@code unnest}, reads by detector and time. */
@Singleton
public final class DataPointRepository {
    /** A stored, scored point. */
    public record StoredPoint(
            Instant timestamp,
            double value,
            double score,
            boolean anomaly,
            Double expected,
            Double lower,
            Double upper,
            boolean late,
            int version) {}

    Map<Instant, StoredPoint> existing(Connection c, String account, String detector, List<Instant> timestamps) {
        Map<Instant, StoredPoint> out = new HashMap<>();
        if (timestamps.isEmpty()) {
            return out;
        }
        // one index range scan over the batch's span (ts = ANY(array) was planned as a scan of every row)
        Instant min = timestamps.stream().min(Instant::compareTo).orElseThrow();
        Instant max = timestamps.stream().max(Instant::compareTo).orElseThrow();
        java.util.Set<Instant> wanted = new java.util.HashSet<>(timestamps);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, value, score, is_anomaly, expected, lower_bound, upper_bound, late,"
                        + " detector_version FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ? AND ts >= ? AND ts <= ?")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setTimestamp(3, Timestamp.from(min));
            ps.setTimestamp(4, Timestamp.from(max));
            for (StoredPoint p : read(ps)) {
                if (wanted.contains(p.timestamp())) {
                    out.put(p.timestamp(), p);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    void insert(Connection c, String account, String detector, int version, List<ScoringRun.Scored> points) {
        if (points.isEmpty()) {
            return;
        }
        int n = points.size();
        Object[] ts = new Object[n];
        Object[] value = new Object[n];
        Object[] score = new Object[n];
        Object[] anomaly = new Object[n];
        Object[] expected = new Object[n];
        Object[] lower = new Object[n];
        Object[] upper = new Object[n];
        Object[] late = new Object[n];
        for (int i = 0; i < n; i++) {
            ScoringRun.Scored p = points.get(i);
            ts[i] = Timestamp.from(p.timestamp());
            value[i] = p.value();
            score[i] = p.estimate().score();
            anomaly[i] = p.anomalous();
            expected[i] = p.estimate().expected();
            lower[i] = p.estimate().lower();
            upper[i] = p.estimate().upper();
            late[i] = p.late();
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO np_anomaly_data_points (source_account_id, detector_id, ts, value,"
                        + " score, is_anomaly, expected, lower_bound, upper_bound, late, detector_version)"
                        + " SELECT ?, ?, t, v, s, a, e, l, u, lt, ? FROM unnest(?::timestamptz[], ?::float8[], ?::float8[], ?::boolean[],"
                        + " ?::float8[], ?::float8[], ?::float8[], ?::boolean[]) AS x(t, v, s, a, e, l, u, lt)"
                        + " ON CONFLICT (source_account_id, detector_id, ts) DO NOTHING")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setInt(3, version);
            ps.setArray(4, c.createArrayOf("timestamptz", ts));
            ps.setArray(5, c.createArrayOf("float8", value));
            ps.setArray(6, c.createArrayOf("float8", score));
            ps.setArray(7, c.createArrayOf("bool", anomaly));
            ps.setArray(8, c.createArrayOf("float8", expected));
            ps.setArray(9, c.createArrayOf("float8", lower));
            ps.setArray(10, c.createArrayOf("float8", upper));
            ps.setArray(11, c.createArrayOf("bool", late));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** Points of a detector in time order within [since, until), at most {@code limit}, from {@code offset}. */
    public List<StoredPoint> range(
            Connection c, String account, String detector, Instant since, Instant until, int limit, long offset) {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ts, value, score, is_anomaly, expected, lower_bound, upper_bound, late,"
                        + " detector_version FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ?"
                        + " AND ts >= ? AND ts < ? ORDER BY ts LIMIT ? OFFSET ?")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setTimestamp(3, Timestamp.from(since));
            ps.setTimestamp(4, Timestamp.from(until));
            ps.setInt(5, limit);
            ps.setLong(6, offset);
            return read(ps);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    public long count(Connection c, String account, String detector, Instant since, Instant until) {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM np_anomaly_data_points WHERE source_account_id = ?"
                        + " AND detector_id = ? AND ts >= ? AND ts < ?")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setTimestamp(3, Timestamp.from(since));
            ps.setTimestamp(4, Timestamp.from(until));
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** The last {@code limit} in-order points, oldest first (what a retrain replays). */
    List<StoredPoint> latest(Connection c, String account, String detector, int limit) {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM (SELECT ts, value, score, is_anomaly, expected, lower_bound,"
                        + " upper_bound, late, detector_version FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ?"
                        + " ORDER BY ts DESC LIMIT ?) x ORDER BY ts")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setInt(3, limit);
            return read(ps);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private static List<StoredPoint> read(PreparedStatement ps) throws SQLException {
        List<StoredPoint> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(new StoredPoint(
                        r.getTimestamp(1).toInstant(),
                        r.getDouble(2),
                        r.getDouble(3),
                        r.getBoolean(4),
                        (Double) r.getObject(5),
                        (Double) r.getObject(6),
                        (Double) r.getObject(7),
                        r.getBoolean(8),
                        r.getInt(9)));
            }
        }
        return out;
    }

    @SuppressWarnings("unused")
    private static void free(Array a) throws SQLException {
        a.free();
    }
}
