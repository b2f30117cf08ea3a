package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.Sorts;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.json.JsonText;

/** np_incidents, always inside a caller's transaction, always filtered by account. */
@Singleton
public record IncidentRepository(JsonText json) {
    private static final String COLUMNS =
            "id, number, title, description, severity, status, type, labels::text AS labels,"
                    + " commander, assignees::text AS assignees, source, dedup_key, started_at, detected_at, acknowledged_at,"
                    + " mitigated_at, resolved_at, closed_at, cancelled_at, reopen_count, version, last_seq, created_at, updated_at";
    /** The columns a change may write, written alike by insert and update. */
    private static final String STATE = "title, description, severity, status, type, labels, commander, assignees,"
            + " acknowledged_at, mitigated_at, resolved_at, closed_at, cancelled_at, reopen_count";

    private static final String STATE_VALUES = "?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?";
    private static final String BY_ID = "source_account_id = ? AND id = ?";
    private static final String OPEN = "status NOT IN ('resolved', 'closed', 'cancelled')";

    long nextNumber(Connection c, String account) {
        return Jdbc.one(
                        c,
                        "INSERT INTO np_incident_counters (source_account_id, last_number) VALUES (?, 1)"
                                + " ON CONFLICT (source_account_id) DO UPDATE SET last_number = np_incident_counters.last_number + 1"
                                + " RETURNING last_number",
                        r -> r.getLong(1),
                        account)
                .orElseThrow();
    }

    /** Inserts unless an open incident already holds the dedup key; empty in that case. */
    Optional<Incident> insert(Connection c, String account, Incident i) {
        Milestones m = i.milestones();
        List<Object> params = new ArrayList<>(
                Arrays.asList(account, i.id(), i.number(), i.source(), i.dedupKey(), m.startedAt(), m.detectedAt()));
        params.addAll(state(i));
        int rows = Jdbc.update(
                c,
                "INSERT INTO np_incidents (source_account_id, id, number, source, dedup_key, started_at, detected_at, "
                        + STATE + ", version, last_seq, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, " + STATE_VALUES + ", 1, 0, now(), now())"
                        + " ON CONFLICT (source_account_id, dedup_key) WHERE dedup_key IS NOT NULL AND " + OPEN
                        + " DO NOTHING",
                params.toArray());
        return rows == 0 ? Optional.empty() : find(c, account, i.id());
    }

    public Optional<Incident> find(Connection c, String account, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM np_incidents WHERE " + BY_ID, this::map, account, id);
    }

    /** The incident, its row locked until the transaction ends. */
    public Optional<Incident> lock(Connection c, String account, UUID id) {
        return Jdbc.one(
                c, "SELECT " + COLUMNS + " FROM np_incidents WHERE " + BY_ID + " FOR UPDATE", this::map, account, id);
    }

    /** The open incident holding the dedup key, its row locked until the transaction ends. */
    public Optional<Incident> lockOpenByDedupKey(Connection c, String account, String dedupKey) {
        return Jdbc.one(
                c,
                "SELECT " + COLUMNS + " FROM np_incidents WHERE source_account_id = ? AND dedup_key = ? AND " + OPEN
                        + " FOR UPDATE",
                this::map,
                account,
                dedupKey);
    }

    /** Writes the incident's state and bumps the version. */
    Incident update(Connection c, String account, Incident i) {
        List<Object> params = new ArrayList<>(state(i));
        params.add(account);
        params.add(i.id());
        Jdbc.update(
                c,
                "UPDATE np_incidents SET (" + STATE + ") = (" + STATE_VALUES + "), version = version + 1,"
                        + " updated_at = now() WHERE " + BY_ID,
                params.toArray());
        return find(c, account, i.id()).orElseThrow();
    }

    /** The values of {@link #STATE}, in its order. */
    private List<Object> state(Incident i) {
        Milestones m = i.milestones();
        IncidentDetails d = i.details();
        return Arrays.asList(
                d.title(),
                d.description(),
                d.severity().name(),
                d.status().wire(),
                d.type(),
                json.write(d.labels()),
                d.commander(),
                json.write(d.assignees()),
                m.acknowledgedAt(),
                m.mitigatedAt(),
                m.resolvedAt(),
                m.closedAt(),
                m.cancelledAt(),
                m.reopenCount());
    }

    /** The orders of GET /api/v1/incidents; {@code -created_at} (newest first) unless asked. */
    static final Sorts SORTS = Sorts.of(orders());

    private static Map<String, String> orders() {
        Map<String, String> orders = new LinkedHashMap<>();
        orders.put("created_at", "created_at ASC, id ASC");
        orders.put("-created_at", "created_at DESC, id ASC");
        orders.put("severity", "severity ASC, created_at DESC, id ASC");
        orders.put("-severity", "severity DESC, created_at DESC, id ASC");
        return orders;
    }

    List<Incident> list(Connection c, String account, IncidentFilter f, int limit, long offset) {
        SqlFilter where = where(account, f);
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_incidents" + where.clause() + SORTS.orderBy(f.sort())
                        + " LIMIT ? OFFSET ?",
                this::map,
                where.params(limit, offset));
    }

    long count(Connection c, String account, IncidentFilter f) {
        SqlFilter where = where(account, f);
        return Jdbc.count(c, "SELECT count(*) FROM np_incidents" + where.clause(), where.params());
    }

    private SqlFilter where(String account, IncidentFilter f) {
        return SqlFilter.where("source_account_id = ?", account)
                .andIf(!f.statuses().isEmpty(), "status = ANY (?)", (Object)
                        f.statuses().stream().map(Status::wire).toArray(String[]::new))
                .andIf(!f.severities().isEmpty(), "severity = ANY (?)", (Object)
                        f.severities().stream().map(Severity::name).toArray(String[]::new))
                .andIfPresent("type = ?", f.type())
                .andIfPresent("commander = ?", f.commander())
                .andIfPresent("source = ?", f.source())
                .andIf(!f.labels().isEmpty(), "labels @> ?::jsonb", json.write(f.labels()))
                .andIfPresent("started_at >= ?", f.since())
                .andIfPresent("started_at < ?", f.until());
    }

    private Incident map(ResultSet r) throws SQLException {
        Milestones m = new Milestones(
                Jdbc.instant(r, "started_at"),
                Jdbc.instant(r, "detected_at"),
                Jdbc.instant(r, "acknowledged_at"),
                Jdbc.instant(r, "mitigated_at"),
                Jdbc.instant(r, "resolved_at"),
                Jdbc.instant(r, "closed_at"),
                Jdbc.instant(r, "cancelled_at"),
                r.getInt("reopen_count"));
        return new Incident(
                r.getObject("id", UUID.class),
                r.getLong("number"),
                new IncidentDetails(
                        r.getString("title"),
                        r.getString("description"),
                        Severity.valueOf(r.getString("severity")),
                        Status.parse(r.getString("status")).orElseThrow(),
                        r.getString("type"),
                        json.readStringMap(r.getString("labels")),
                        r.getString("commander"),
                        json.readStringList(r.getString("assignees"))),
                r.getString("source"),
                r.getString("dedup_key"),
                m,
                r.getLong("version"),
                r.getLong("last_seq"),
                Jdbc.instant(r, "created_at"),
                Jdbc.instant(r, "updated_at"));
    }
}
