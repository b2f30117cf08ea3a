package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.SqlFilter;
import org.postgresql.PGConnection;

/**
 * {@code np_anomaly_data_points}: batched writes through {@code unnest}, reads by detector and time,
 * in the caller's transaction.
 */
@Singleton
public final class DataPointRepository {
    private static final String COLUMNS =
            "ts, value, score, is_anomaly, expected, lower_bound, upper_bound, late, detector_version";
    private static final Jdbc.Row<PointView> POINT = r -> point(r, Jdbc.nullableInt(r, "detector_version"));
    /**
     * Without the version: in an anomaly's context (the anomaly names it) and in the ingest answer for a
     * point sent again.
     */
    private static final Jdbc.Row<PointView> UNVERSIONED_POINT = r -> point(r, null);

    Map<Instant, PointView> existing(Connection c, String account, String detector, List<Instant> timestamps) {
        Map<Instant, PointView> out = new HashMap<>();
        if (timestamps.isEmpty()) {
            return out;
        }
        // one index range scan over the batch's span (ts = ANY(array) was planned as a scan of every row)
        Instant min = timestamps.stream().min(Instant::compareTo).orElseThrow();
        Instant max = timestamps.stream().max(Instant::compareTo).orElseThrow();
        Set<Instant> wanted = new HashSet<>(timestamps);
        SqlFilter where = ofDetector(account, detector).and("ts >= ?", min).and("ts <= ?", max);
        for (PointView p : Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_data_points" + where.clause(),
                UNVERSIONED_POINT,
                where.params())) {
            if (wanted.contains(p.timestamp())) {
                out.put(p.timestamp(), p);
            }
        }
        return out;
    }

    void insert(Connection c, String account, String detector, int version, List<ScoringRun.Scored> points) {
        if (points.isEmpty()) {
            return;
        }
        // primitive arrays travel in PostgreSQL's binary array format; boxed ones (and timestamps) were
        // rendered as text element by element, a third of ingest's CPU
        Jdbc.call(() -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO np_anomaly_data_points (source_account_id, detector_id, ts, value,"
                            + " score, is_anomaly, expected, lower_bound, upper_bound, late, detector_version)"
                            + " SELECT ?, ?, timestamptz 'epoch' + t * interval '1 microsecond', v, s, a, e, l, u, lt, ?"
                            + " FROM unnest(?::int8[], ?::float8[], ?::float8[], ?::boolean[],"
                            + " ?::float8[], ?::float8[], ?::float8[], ?::boolean[]) AS x(t, v, s, a, e, l, u, lt)"
                            + " ON CONFLICT (source_account_id, detector_id, ts) DO NOTHING")) {
                PGConnection pg = c.unwrap(PGConnection.class);
                ps.setString(1, account);
                ps.setString(2, detector);
                ps.setInt(3, version);
                ps.setArray(
                        4,
                        pg.createArrayOf(
                                "int8",
                                points.stream()
                                        .mapToLong(p -> epochMicros(p.timestamp()))
                                        .toArray()));
                ps.setArray(5, pg.createArrayOf("float8", doubles(points, ScoringRun.Scored::value)));
                ps.setArray(6, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .score())));
                ps.setArray(7, pg.createArrayOf("bool", booleans(points, ScoringRun.Scored::anomalous)));
                ps.setArray(8, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .expected())));
                ps.setArray(9, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .lower())));
                ps.setArray(10, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .upper())));
                ps.setArray(11, pg.createArrayOf("bool", booleans(points, ScoringRun.Scored::late)));
                return ps.executeUpdate();
            }
        });
    }

    private static double[] doubles(List<ScoringRun.Scored> points, ToDoubleFunction<ScoringRun.Scored> column) {
        return points.stream().mapToDouble(column).toArray();
    }

    private static boolean[] booleans(List<ScoringRun.Scored> points, Predicate<ScoringRun.Scored> column) {
        boolean[] out = new boolean[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = column.test(points.get(i));
        }
        return out;
    }

    /** Microseconds since the epoch, PostgreSQL's precision (a finer fraction is rounded half up). */
    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
    }

    /** Points of a detector in time order within [since, until), at most {@code limit}, from {@code offset}. */
    List<PointView> range(
            Connection c, String account, String detector, Instant since, Instant until, int limit, long offset) {
        SqlFilter where = inRange(account, detector, since, until);
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_data_points" + where.clause() + " ORDER BY ts LIMIT ? OFFSET ?",
                POINT,
                where.params(limit, offset));
    }

    long count(Connection c, String account, String detector, Instant since, Instant until) {
        SqlFilter where = inRange(account, detector, since, until);
        return Jdbc.count(c, "SELECT count(*) FROM np_anomaly_data_points" + where.clause(), where.params());
    }

    /** The last {@code limit} in-order points, oldest first (what a retrain replays). */
    List<PointView> latest(Connection c, String account, String detector, int limit) {
        SqlFilter where = ofDetector(account, detector);
        return Jdbc.query(
                c,
                "SELECT * FROM (SELECT " + COLUMNS + " FROM np_anomaly_data_points" + where.clause()
                        + " ORDER BY ts DESC LIMIT ?) x ORDER BY ts",
                POINT,
                where.params(limit));
    }

    /** Up to 50 points before an anomaly, its points (at most 1000) and up to 50 after, in time order. */
    public List<PointView> around(Connection c, String account, String detector, Instant started, Instant ended) {
        String from = " FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ? AND ";
        return Jdbc.query(
                c,
                "SELECT * FROM ((SELECT " + COLUMNS + from + "ts < ? ORDER BY ts DESC LIMIT 50)"
                        + " UNION ALL (SELECT " + COLUMNS + from + "ts >= ? AND ts <= ? ORDER BY ts LIMIT 1000)"
                        + " UNION ALL (SELECT " + COLUMNS + from + "ts > ? ORDER BY ts LIMIT 50)) x ORDER BY ts",
                UNVERSIONED_POINT,
                account,
                detector,
                started,
                account,
                detector,
                started,
                ended,
                account,
                detector,
                ended);
    }

    private static SqlFilter ofDetector(String account, String detector) {
        return SqlFilter.where("source_account_id = ?", account).and("detector_id = ?", detector);
    }

    private static SqlFilter inRange(String account, String detector, Instant since, Instant until) {
        return ofDetector(account, detector).and("ts >= ?", since).and("ts < ?", until);
    }

    private static PointView point(ResultSet r, Integer version) throws SQLException {
        return new PointView(
                Jdbc.instant(r, "ts"),
                r.getDouble("value"),
                r.getDouble("score"),
                r.getBoolean("is_anomaly"),
                Jdbc.nullableDouble(r, "expected"),
                Jdbc.nullableDouble(r, "lower_bound"),
                Jdbc.nullableDouble(r, "upper_bound"),
                r.getBoolean("late"),
                version);
    }
}
