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
import org.nself.shared.json.JsonText;
import org.postgresql.PGConnection;

/**
 * {@code np_anomaly_data_points}: batched writes through {@code unnest}, reads by detector, series and time,
 * in the caller's transaction.
 */
@Singleton
public final class DataPointRepository {
    private final JsonText json;

    private static final String COLUMNS =
            "ts, value, score, is_anomaly, expected, lower_bound, upper_bound, late, detector_version";
    private static final Jdbc.Row<PointView> POINT = r -> point(r, Jdbc.nullableInt(r, "detector_version"));
    /**
     * Without the version: in an anomaly's context (the anomaly names it) and in the ingest answer for a
     * point sent again.
     */
    private static final Jdbc.Row<PointView> UNVERSIONED_POINT = r -> point(r, null);

    DataPointRepository(JsonText json) {
        this.json = json;
    }

    Map<Instant, PointView> existing(
            Connection c, String account, String detector, String entity, List<Instant> timestamps) {
        Map<Instant, PointView> out = new HashMap<>();
        if (timestamps.isEmpty()) {
            return out;
        }
        // one index range scan over the batch's span (ts = ANY(array) was planned as a scan of every row)
        Instant min = timestamps.stream().min(Instant::compareTo).orElseThrow();
        Instant max = timestamps.stream().max(Instant::compareTo).orElseThrow();
        Set<Instant> wanted = new HashSet<>(timestamps);
        SqlFilter where =
                ofSeries(account, detector, entity).and("ts >= ?", min).and("ts <= ?", max);
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

    void insert(
            Connection c, String account, String detector, String entity, int version, List<ScoringRun.Scored> points) {
        if (points.isEmpty()) {
            return;
        }
        // primitive arrays travel in PostgreSQL's binary array format; boxed ones (and timestamps) were
        // rendered as text element by element, a third of ingest's CPU
        Jdbc.call(() -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO np_anomaly_data_points (source_account_id, detector_id, entity, ts,"
                            + " value, score, is_anomaly, expected, lower_bound, upper_bound, late, detector_version)"
                            + " SELECT ?, ?, ?, timestamptz 'epoch' + t * interval '1 microsecond', v, s, a, e, l, u, lt,"
                            + " ? FROM unnest(?::int8[], ?::float8[], ?::float8[], ?::boolean[],"
                            + " ?::float8[], ?::float8[], ?::float8[], ?::boolean[]) AS x(t, v, s, a, e, l, u, lt)"
                            + " ON CONFLICT (source_account_id, detector_id, entity, ts) DO NOTHING")) {
                PGConnection pg = c.unwrap(PGConnection.class);
                int i = 1;
                ps.setString(i++, account);
                ps.setString(i++, detector);
                ps.setString(i++, entity);
                ps.setInt(i++, version);
                ps.setArray(
                        i++,
                        pg.createArrayOf(
                                "int8",
                                points.stream()
                                        .mapToLong(p -> epochMicros(p.timestamp()))
                                        .toArray()));
                ps.setArray(i++, pg.createArrayOf("float8", doubles(points, ScoringRun.Scored::value)));
                ps.setArray(i++, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .score())));
                ps.setArray(i++, pg.createArrayOf("bool", booleans(points, ScoringRun.Scored::anomalous)));
                ps.setArray(i++, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .expected())));
                ps.setArray(i++, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .lower())));
                ps.setArray(i++, pg.createArrayOf("float8", doubles(points, p -> p.estimate()
                        .upper())));
                ps.setArray(i++, pg.createArrayOf("bool", booleans(points, ScoringRun.Scored::late)));
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

    /**
     * Points of a detector in time order within [since, until), at most {@code limit}, from {@code offset},
     * each with its series' labels; of the series {@code entities} only when it is not null.
     */
    List<PointView> range(
            Connection c,
            String account,
            String detector,
            List<String> entities,
            Instant since,
            Instant until,
            int limit,
            long offset) {
        SqlFilter where = inRange(account, detector, entities, since, until);
        return Jdbc.query(
                c,
                "SELECT " + prefixed("p.") + ", n.labels::text AS labels FROM np_anomaly_data_points p"
                        + " LEFT JOIN np_anomaly_entities n ON n.source_account_id = p.source_account_id"
                        + " AND n.detector_id = p.detector_id AND n.entity = p.entity" + where.clause()
                        + " ORDER BY p.ts, p.entity LIMIT ? OFFSET ?",
                r -> labelled(r, json),
                where.params(limit, offset));
    }

    long count(Connection c, String account, String detector, List<String> entities, Instant since, Instant until) {
        SqlFilter where = inRange(account, detector, entities, since, until);
        return Jdbc.count(c, "SELECT count(*) FROM np_anomaly_data_points p" + where.clause(), where.params());
    }

    /** The last {@code limit} in-order points of one series, oldest first (what a retrain replays). */
    List<PointView> latest(Connection c, String account, String detector, String entity, int limit) {
        SqlFilter where = ofSeries(account, detector, entity);
        return Jdbc.query(
                c,
                "SELECT * FROM (SELECT " + COLUMNS + " FROM np_anomaly_data_points" + where.clause()
                        + " ORDER BY ts DESC LIMIT ?) x ORDER BY ts",
                POINT,
                where.params(limit));
    }

    /** Up to 50 points before an anomaly, its points (at most 1000) and up to 50 after, in time order. */
    public List<PointView> around(
            Connection c, String account, String detector, String entity, Instant started, Instant ended) {
        String from =
                " FROM np_anomaly_data_points WHERE source_account_id = ? AND detector_id = ? AND entity = ? AND ";
        return Jdbc.query(
                c,
                "SELECT * FROM ((SELECT " + COLUMNS + from + "ts < ? ORDER BY ts DESC LIMIT 50)"
                        + " UNION ALL (SELECT " + COLUMNS + from + "ts >= ? AND ts <= ? ORDER BY ts LIMIT 1000)"
                        + " UNION ALL (SELECT " + COLUMNS + from + "ts > ? ORDER BY ts LIMIT 50)) x ORDER BY ts",
                UNVERSIONED_POINT,
                account,
                detector,
                entity,
                started,
                account,
                detector,
                entity,
                started,
                ended,
                account,
                detector,
                entity,
                ended);
    }

    private static SqlFilter ofSeries(String account, String detector, String entity) {
        return SqlFilter.where("source_account_id = ?", account)
                .and("detector_id = ?", detector)
                .and("entity = ?", entity);
    }

    private static SqlFilter inRange(
            String account, String detector, List<String> entities, Instant since, Instant until) {
        return SqlFilter.where("p.source_account_id = ?", account)
                .and("p.detector_id = ?", detector)
                .andIfPresent("p.entity = ANY(?)", entities == null ? null : entities.toArray(String[]::new))
                .and("p.ts >= ?", since)
                .and("p.ts < ?", until);
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    private static PointView labelled(ResultSet r, JsonText json) throws SQLException {
        PointView p = point(r, Jdbc.nullableInt(r, "detector_version"));
        String labels = r.getString("labels");
        return labels == null
                ? p
                : new PointView(
                        p.timestamp(),
                        p.value(),
                        p.score(),
                        p.isAnomaly(),
                        p.expected(),
                        p.lower(),
                        p.upper(),
                        p.late(),
                        p.detectorVersion(),
                        json.readStringMap(labels));
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
