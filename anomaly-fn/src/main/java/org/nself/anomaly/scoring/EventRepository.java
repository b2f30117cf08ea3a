package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.nself.anomaly.detector.Json;
import org.nself.anomaly.detector.SqlFailure;

/** Writes {@code np_anomaly_events} from the scoring path. */
@Singleton
final class EventRepository {
    private final Json json;

    EventRepository(Json json) {
        this.json = json;
    }

    Optional<EventDraft> findOpen(Connection c, String account, String detector) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, started_at, ended_at, peak_score, peak_value, peak_expected,"
                        + " point_count, direction, detector_version, algorithm, params::text FROM np_anomaly_events"
                        + " WHERE source_account_id = ? AND detector_id = ? AND status = 'open' ORDER BY started_at DESC LIMIT 1")) {
            ps.setString(1, account);
            ps.setString(2, detector);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new EventDraft(
                        (UUID) r.getObject(1),
                        detector,
                        false,
                        r.getTimestamp(2).toInstant(),
                        r.getTimestamp(3).toInstant(),
                        r.getDouble(4),
                        r.getDouble(5),
                        (Double) r.getObject(6),
                        r.getInt(7),
                        r.getString(8),
                        "open",
                        r.getInt(9),
                        r.getString(10),
                        json.read(r.getString(11))));
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    void save(Connection c, String account, EventDraft e) {
        String sql = e.isNew
                ? "INSERT INTO np_anomaly_events (started_at, ended_at, last_point_at, peak_score, peak_value, peak_expected,"
                        + " point_count, severity, direction, status, detector_version, algorithm, params, source_account_id, id,"
                        + " detector_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                : "UPDATE np_anomaly_events SET started_at = ?, ended_at = ?, last_point_at = ?, peak_score = ?, peak_value = ?,"
                        + " peak_expected = ?, point_count = ?, severity = ?, direction = ?, status = ?, detector_version = ?,"
                        + " algorithm = ?, params = ?::jsonb, updated_at = now() WHERE source_account_id = ? AND id = ? AND detector_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(e.startedAt));
            ps.setTimestamp(2, Timestamp.from(e.endedAt));
            ps.setTimestamp(3, Timestamp.from(e.endedAt));
            ps.setDouble(4, e.peakScore);
            ps.setDouble(5, e.peakValue);
            ps.setObject(6, e.peakExpected);
            ps.setInt(7, e.pointCount);
            ps.setString(8, Severity.of(e.peakScore).wire());
            ps.setString(9, e.direction);
            ps.setString(10, e.status);
            ps.setInt(11, e.detectorVersion);
            ps.setString(12, e.algorithm);
            ps.setString(13, json.write(e.params));
            ps.setString(14, account);
            ps.setObject(15, e.id);
            ps.setString(16, e.detectorId);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new SqlFailure(ex);
        }
    }
}
