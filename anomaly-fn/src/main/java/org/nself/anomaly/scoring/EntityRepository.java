package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nself.anomaly.source.Entity;
import org.nself.anomaly.source.SourceConfig;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/**
 * {@code np_anomaly_entities}: the model of each labelled series of a detector, in the caller's
 * transaction (which holds the detector's row lock when it writes); every statement filters by account.
 */
@Singleton
record EntityRepository(JsonText json) {
    private static final String COLUMNS =
            "entity, labels::text AS labels, state, rule_state, points_learned, last_timestamp, watermark";

    Optional<SeriesModel> find(Connection c, String account, String detector, Entity entity) {
        return Jdbc.one(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_entities"
                        + " WHERE source_account_id = ? AND detector_id = ? AND entity = ?",
                this::model,
                account,
                detector,
                entity.key());
    }

    /** The detector's series, in key order (at most the hard cap on series). */
    List<SeriesModel> all(Connection c, String account, String detector) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_anomaly_entities WHERE source_account_id = ? AND detector_id = ?"
                        + " ORDER BY entity LIMIT " + SourceConfig.MAX_ENTITIES,
                this::model,
                account,
                detector);
    }

    /** The keys of the detector's series whose labels include every one of {@code wanted}. */
    List<String> matching(Connection c, String account, String detector, Map<String, String> wanted) {
        return Jdbc.query(
                c,
                "SELECT entity FROM np_anomaly_entities WHERE source_account_id = ? AND detector_id = ?"
                        + " AND labels @> ?::jsonb ORDER BY entity LIMIT " + SourceConfig.MAX_ENTITIES,
                r -> r.getString(1),
                account,
                detector,
                json.write(wanted));
    }

    void save(Connection c, String account, String detector, SeriesModel m) {
        Jdbc.update(
                c,
                "INSERT INTO np_anomaly_entities (source_account_id, detector_id, entity, labels, state, rule_state,"
                        + " points_learned, last_timestamp, watermark) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (source_account_id, detector_id, entity) DO UPDATE SET state = excluded.state,"
                        + " rule_state = excluded.rule_state, points_learned = excluded.points_learned,"
                        + " last_timestamp = excluded.last_timestamp, watermark = excluded.watermark, updated_at = now()",
                account,
                detector,
                m.entity().key(),
                json.write(m.entity().labels()),
                m.state(),
                m.ruleState(),
                m.learned(),
                m.lastTimestamp(),
                m.watermark());
    }

    private SeriesModel model(ResultSet r) throws SQLException {
        return new SeriesModel(
                new Entity(new TreeMap<>(json.readStringMap(r.getString("labels"))), r.getString("entity")),
                r.getBytes("state"),
                r.getBytes("rule_state"),
                r.getLong("points_learned"),
                Jdbc.instant(r, "last_timestamp"),
                Jdbc.instant(r, "watermark"));
    }
}
