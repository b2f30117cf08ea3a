package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.nself.anomaly.source.Entity;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/** Writes {@code np_anomaly_events} from the scoring path, in the caller's transaction. */
@Singleton
record EventRepository(JsonText json) {
    Optional<EventDraft> findOpen(Connection c, String account, String detector, Entity entity) {
        return Jdbc.one(
                c,
                "SELECT id, started_at, ended_at, peak_score, peak_value, peak_expected, point_count, direction,"
                        + " detector_version, algorithm, params::text AS params FROM np_anomaly_events"
                        + " WHERE source_account_id = ? AND detector_id = ? AND entity = ? AND status = 'open'"
                        + " ORDER BY started_at DESC LIMIT 1",
                r -> new EventDraft(
                        r.getObject(1, UUID.class),
                        detector,
                        entity,
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
                        json.readMap(r.getString(11))),
                account,
                detector,
                entity.key());
    }

    void save(Connection c, String account, EventDraft e) {
        List<Object> values = new ArrayList<>(Arrays.asList(
                e.startedAt,
                e.endedAt,
                e.endedAt,
                e.peakScore,
                e.peakValue,
                e.peakExpected,
                e.pointCount,
                Severity.of(e.peakScore).wire(),
                e.direction,
                e.status,
                e.detectorVersion,
                e.algorithm,
                json.write(e.params)));
        String sql;
        if (e.isNew) {
            sql = "INSERT INTO np_anomaly_events (started_at, ended_at, last_point_at, peak_score, peak_value,"
                    + " peak_expected, point_count, severity, direction, status, detector_version, algorithm, params,"
                    + " entity, entity_labels, source_account_id, id, detector_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)";
            values.add(e.entity.key());
            values.add(json.write(e.entity.labels()));
        } else {
            sql = "UPDATE np_anomaly_events SET started_at = ?, ended_at = ?, last_point_at = ?, peak_score = ?,"
                    + " peak_value = ?, peak_expected = ?, point_count = ?, severity = ?, direction = ?, status = ?,"
                    + " detector_version = ?, algorithm = ?, params = ?::jsonb, updated_at = now()"
                    + " WHERE source_account_id = ? AND id = ? AND detector_id = ?";
        }
        values.add(account);
        values.add(e.id);
        values.add(e.detectorId);
        Jdbc.update(c, sql, values.toArray());
    }
}
