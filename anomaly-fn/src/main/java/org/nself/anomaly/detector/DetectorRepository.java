package org.nself.anomaly.detector;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.anomaly.source.Sources;
import org.nself.anomaly.threshold.ThresholdConfig;

/** {@code np_anomaly_detectors}; every statement filters by account. */
@Singleton
public final class DetectorRepository {
    private static final String COLUMNS =
            "source_account_id, id, name, source::text AS source, algorithm, params::text AS params,"
                    + " threshold::text AS threshold, schedule, enabled, status, status_reason, state, rule_state, points_learned,"
                    + " last_timestamp, watermark, next_run_at, version, last_run_at, created_at, updated_at";
    private final TransactionOperations<Connection> tx;
    private final Json json;

    DetectorRepository(TransactionOperations<Connection> tx, Json json) {
        this.tx = tx;
        this.json = json;
    }

    /** Inserts; false when the id is taken in this account. */
    boolean insert(String account, String id, DetectorSpec spec) {
        return tx.executeWrite(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement("INSERT INTO np_anomaly_detectors"
                            + " (source_account_id, id, name, source, algorithm, params, threshold, schedule, enabled, status, next_run_at)"
                            + " VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL ELSE now() END)"
                            + " ON CONFLICT (source_account_id, id) DO NOTHING")) {
                ps.setString(1, account);
                ps.setString(2, id);
                ps.setString(3, spec.name());
                ps.setString(4, json.write(spec.source().toMap()));
                ps.setString(5, spec.algorithm());
                ps.setString(6, json.write(spec.params()));
                ps.setString(7, json.write(spec.threshold().toMap()));
                ps.setString(8, spec.scheduleSeconds() == null ? null : spec.scheduleSeconds() + "s");
                ps.setBoolean(9, spec.enabled());
                ps.setString(10, spec.enabled() ? "learning" : "paused");
                ps.setString(11, spec.scheduleSeconds() == null ? null : "x");
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    public Optional<Detector> find(String account, String id) {
        return tx.executeRead(s -> one(
                s.getConnection(),
                "SELECT " + COLUMNS + " FROM np_anomaly_detectors WHERE source_account_id = ? AND id = ?",
                account,
                id));
    }

    /** Locks the row for the caller's transaction (ingest and scheduled runs of one detector serialise here). */
    public Optional<Detector> lock(Connection c, String account, String id) {
        return one(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_detectors WHERE source_account_id = ? AND id = ? FOR UPDATE",
                account,
                id);
    }

    List<Detector> list(String account, int limit, long offset) {
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement(
                            "SELECT " + COLUMNS
                                    + " FROM np_anomaly_detectors WHERE source_account_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?")) {
                ps.setString(1, account);
                ps.setInt(2, limit);
                ps.setLong(3, offset);
                return rows(ps);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    long count(String account) {
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement("SELECT count(*) FROM np_anomaly_detectors WHERE source_account_id = ?")) {
                ps.setString(1, account);
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    /** Writes a new configuration and the retrained model; bumps the version when the model changed. */
    public void saveConfig(Connection c, Detector d) {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE np_anomaly_detectors SET name = ?, source = ?::jsonb, algorithm = ?,"
                        + " params = ?::jsonb, threshold = ?::jsonb, schedule = ?, enabled = ?, status = ?, status_reason = ?, state = ?,"
                        + " rule_state = ?, points_learned = ?, version = ?, next_run_at = ?, updated_at = now()"
                        + " WHERE source_account_id = ? AND id = ?")) {
            ps.setString(1, d.name());
            ps.setString(2, json.write(d.source().toMap()));
            ps.setString(3, d.algorithm());
            ps.setString(4, json.write(d.params()));
            ps.setString(5, json.write(d.threshold().toMap()));
            ps.setString(6, d.scheduleSeconds() == null ? null : d.scheduleSeconds() + "s");
            ps.setBoolean(7, d.enabled());
            ps.setString(8, d.status().wire());
            ps.setString(9, d.statusReason());
            ps.setBytes(10, d.state());
            ps.setBytes(11, d.ruleState());
            ps.setLong(12, d.pointsLearned());
            ps.setInt(13, d.version());
            setInstant(ps, 14, d.nextRunAt());
            ps.setString(15, d.account());
            ps.setString(16, d.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** Stores the model after scoring. */
    public void saveModel(
            Connection c,
            Detector d,
            byte[] state,
            byte[] ruleState,
            long learned,
            Instant lastTimestamp,
            DetectorStatus status) {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE np_anomaly_detectors SET state = ?, rule_state = ?, points_learned = ?,"
                        + " last_timestamp = ?, status = ?, status_reason = NULL, updated_at = now() WHERE source_account_id = ? AND id = ?")) {
            ps.setBytes(1, state);
            ps.setBytes(2, ruleState);
            ps.setLong(3, learned);
            setInstant(ps, 4, lastTimestamp);
            ps.setString(5, status.wire());
            ps.setString(6, d.account());
            ps.setString(7, d.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    boolean delete(String account, String id) {
        return tx.executeWrite(s -> {
            Connection c = s.getConnection();
            try {
                int n;
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM np_anomaly_detectors WHERE source_account_id = ? AND id = ?")) {
                    ps.setString(1, account);
                    ps.setString(2, id);
                    n = ps.executeUpdate();
                }
                for (String table : List.of("np_anomaly_data_points", "np_anomaly_events")) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM " + table + " WHERE source_account_id = ? AND detector_id = ?")) {
                        ps.setString(1, account);
                        ps.setString(2, id);
                        ps.executeUpdate();
                    }
                }
                return n == 1;
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        });
    }

    static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(i, Timestamp.from(t));
        }
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Optional<Detector> one(Connection c, String sql, String account, String id) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account);
            ps.setString(2, id);
            List<Detector> all = rows(ps);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    List<Detector> rows(PreparedStatement ps) throws SQLException {
        List<Detector> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(map(r));
            }
        }
        return out;
    }

    public Detector map(ResultSet r) throws SQLException {
        String schedule = r.getString("schedule");
        Map<String, Object> threshold = json.read(r.getString("threshold"));
        return new Detector(
                r.getString("source_account_id"),
                r.getString("id"),
                r.getString("name"),
                Sources.parse(json.read(r.getString("source"))),
                r.getString("algorithm"),
                json.read(r.getString("params")),
                ThresholdConfig.parse(threshold),
                schedule == null ? null : Integer.valueOf(schedule.substring(0, schedule.length() - 1)),
                r.getBoolean("enabled"),
                DetectorStatus.of(r.getString("status")),
                r.getString("status_reason"),
                r.getBytes("state"),
                r.getBytes("rule_state"),
                r.getLong("points_learned"),
                instant(r, "last_timestamp"),
                instant(r, "watermark"),
                instant(r, "next_run_at"),
                r.getInt("version"),
                instant(r, "last_run_at"),
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
