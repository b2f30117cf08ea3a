package org.nself.incident.timeline;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/**
 * np_incident_timeline. {@link #append} takes the next {@code seq} from the incident row
 * ({@code last_seq + 1}) in the caller's transaction: the row lock orders concurrent writers and a
 * rollback gives the number back, so seq stays 1..N without gaps or ties.
 */
@Singleton
public record Timeline(JsonText json, List<TimelineListener> listeners) {
    private static final String COLUMNS =
            "id, incident_id, seq, kind, actor, system, occurred_at, created_at, data::text AS data";

    public TimelineEntry append(
            Connection c,
            String account,
            UUID incidentId,
            String kind,
            String actor,
            boolean system,
            Instant occurredAt,
            Map<String, Object> data) {
        long seq = Jdbc.one(
                        c,
                        "UPDATE np_incidents SET last_seq = last_seq + 1 WHERE source_account_id = ? AND id = ?"
                                + " RETURNING last_seq",
                        r -> r.getLong(1),
                        account,
                        incidentId)
                .orElseThrow(() -> new IllegalStateException("incident vanished inside its transaction"));
        TimelineEntry entry = Jdbc.one(
                        c,
                        "INSERT INTO np_incident_timeline (source_account_id, incident_id, seq, id, kind, actor, system,"
                                + " occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, now()), ?::jsonb)"
                                + " RETURNING " + COLUMNS,
                        this::map,
                        account,
                        incidentId,
                        seq,
                        UUID.randomUUID(),
                        kind,
                        actor,
                        system,
                        occurredAt,
                        json.write(data))
                .orElseThrow();
        for (TimelineListener listener : listeners) {
            listener.appended(c, account, entry);
        }
        return entry;
    }

    public List<TimelineEntry> list(Connection c, String account, UUID incidentId, int limit, long offset) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incident_timeline WHERE source_account_id = ? AND incident_id = ?"
                        + " ORDER BY seq LIMIT ? OFFSET ?",
                this::map,
                account,
                incidentId,
                limit,
                offset);
    }

    public long count(Connection c, String account, UUID incidentId) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM np_incident_timeline WHERE source_account_id = ? AND incident_id = ?",
                account,
                incidentId);
    }

    public Optional<TimelineEntry> find(Connection c, String account, UUID incidentId, long seq) {
        return Jdbc.one(
                c,
                "SELECT " + COLUMNS
                        + " FROM np_incident_timeline WHERE source_account_id = ? AND incident_id = ? AND seq = ?",
                this::map,
                account,
                incidentId,
                seq);
    }

    /** Edits a user entry (system entries are immutable; the caller checks). */
    public TimelineEntry edit(
            Connection c, String account, UUID incidentId, long seq, Instant occurredAt, Map<String, Object> data) {
        return Jdbc.one(
                        c,
                        "UPDATE np_incident_timeline SET occurred_at = COALESCE(?, occurred_at),"
                                + " data = COALESCE(?::jsonb, data) WHERE source_account_id = ? AND incident_id = ? AND seq = ?"
                                + " AND NOT system RETURNING " + COLUMNS,
                        this::map,
                        occurredAt,
                        data == null ? null : json.write(data),
                        account,
                        incidentId,
                        seq)
                .orElseThrow();
    }

    private TimelineEntry map(ResultSet r) throws SQLException {
        return new TimelineEntry(
                r.getObject("id", UUID.class),
                r.getObject("incident_id", UUID.class),
                r.getLong("seq"),
                r.getString("kind"),
                r.getString("actor"),
                r.getBoolean("system"),
                Jdbc.instant(r, "occurred_at"),
                Jdbc.instant(r, "created_at"),
                json.readMap(r.getString("data")));
    }
}
