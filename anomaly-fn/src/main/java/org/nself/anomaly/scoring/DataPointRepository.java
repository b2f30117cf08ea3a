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
        // primitive arrays travel in PostgreSQL's binary array format; boxed ones (and timestamps) were
        // rendered as text element by element, a third of ingest's CPU
        int n = points.size();
        long[] ts = new long[n];
        double[] value = new double[n];
        double[] score = new double[n];
        boolean[] anomaly = new boolean[n];
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        boolean[] late = new boolean[n];
        for (int i = 0; i < n; i++) {
            ScoringRun.Scored p = points.get(i);
            ts[i] = epochMicros(p.timestamp());
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
                        + " SELECT ?, ?, timestamptz 'epoch' + t * interval '1 microsecond', v, s, a, e, l, u, lt, ?"
                        + " FROM unnest(?::int8[], ?::float8[], ?::float8[], ?::boolean[],"
                        + " ?::float8[], ?::float8[], ?::float8[], ?::boolean[]) AS x(t, v, s, a, e, l, u, lt)"
                        + " ON CONFLICT (source_account_id, detector_id, ts) DO NOTHING")) {
            org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
            ps.setString(1, account);
            ps.setString(2, detector);
            ps.setInt(3, version);
            ps.setArray(4, pg.createArrayOf("int8", ts));
            ps.setArray(5, pg.createArrayOf("float8", value));
            ps.setArray(6, pg.createArrayOf("float8", score));
            ps.setArray(7, pg.createArrayOf("bool", anomaly));
            ps.setArray(8, pg.createArrayOf("float8", expected));
            ps.setArray(9, pg.createArrayOf("float8", lower));
            ps.setArray(10, pg.createArrayOf("float8", upper));
            ps.setArray(11, pg.createArrayOf("bool", late));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** Microseconds since the epoch, PostgreSQL's precision (a finer fraction is rounded half up). */
    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
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
