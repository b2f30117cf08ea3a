package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.lifecycle.Severity;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/** np_runbooks and their version history. */
@Singleton
final class RunbookRepository {
    static final int MAX_PER_ACCOUNT = 500;
    private static final String COLUMNS = "id, name, description, types::text AS types, severities::text AS severities,"
            + " labels::text AS labels, steps::text AS steps, enabled, version, created_at, updated_at";
    private final JsonText json;

    RunbookRepository(JsonText json) {
        this.json = json;
    }

    Runbook insert(Connection c, String account, Runbook r) {
        Jdbc.update(
                c,
                "INSERT INTO np_runbooks (source_account_id, id, name, description, types, severities, labels, steps,"
                        + " enabled, version) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, 1)",
                account,
                r.id(),
                r.name(),
                r.description(),
                json.write(r.applicability().types()),
                json.write(severities(r)),
                json.write(r.applicability().labels()),
                json.write(r.steps().stream().map(StepDefinition::toMap).toList()),
                r.enabled());
        Runbook stored = find(c, account, r.id(), false).orElseThrow();
        saveVersion(c, account, stored);
        return stored;
    }

    Runbook update(Connection c, String account, Runbook r) {
        Jdbc.update(
                c,
                "UPDATE np_runbooks SET name = ?, description = ?, types = ?::jsonb, severities = ?::jsonb, labels = ?::jsonb,"
                        + " steps = ?::jsonb, enabled = ?, version = version + 1, updated_at = now()"
                        + " WHERE source_account_id = ? AND id = ?",
                r.name(),
                r.description(),
                json.write(r.applicability().types()),
                json.write(severities(r)),
                json.write(r.applicability().labels()),
                json.write(r.steps().stream().map(StepDefinition::toMap).toList()),
                r.enabled(),
                account,
                r.id());
        Runbook stored = find(c, account, r.id(), false).orElseThrow();
        saveVersion(c, account, stored);
        return stored;
    }

    boolean delete(Connection c, String account, UUID id) {
        Jdbc.update(
                c,
                "DELETE FROM np_incident_runbook_versions WHERE source_account_id = ? AND runbook_id = ?",
                account,
                id);
        return Jdbc.update(c, "DELETE FROM np_runbooks WHERE source_account_id = ? AND id = ?", account, id) == 1;
    }

    Optional<Runbook> find(Connection c, String account, UUID id, boolean forUpdate) {
        return Jdbc.one(
                c,
                "SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = ? AND id = ?"
                        + (forUpdate ? " FOR UPDATE" : ""),
                this::map,
                account,
                id);
    }

    List<Runbook> list(Connection c, String account, int limit, long offset) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = ? ORDER BY created_at DESC, id"
                        + " LIMIT ? OFFSET ?",
                this::map,
                account,
                limit,
                offset);
    }

    long count(Connection c, String account) {
        return Jdbc.count(c, "SELECT count(*) FROM np_runbooks WHERE source_account_id = ?", account);
    }

    List<Runbook> enabled(Connection c, String account) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS
                        + " FROM np_runbooks WHERE source_account_id = ? AND enabled ORDER BY created_at, id"
                        + " LIMIT " + MAX_PER_ACCOUNT,
                this::map,
                account);
    }

    private void saveVersion(Connection c, String account, Runbook r) {
        Map<String, Object> definition = new LinkedHashMap<>();
        Runbook.View v = r.view();
        definition.put("name", v.name());
        definition.put("description", v.description());
        definition.put("types", v.types());
        definition.put("severities", v.severities());
        definition.put("labels", v.labels());
        definition.put("steps", v.steps());
        definition.put("enabled", v.enabled());
        Jdbc.update(
                c,
                "INSERT INTO np_incident_runbook_versions (source_account_id, runbook_id, version, definition)"
                        + " VALUES (?, ?, ?, ?::jsonb)",
                account,
                r.id(),
                r.version(),
                json.write(definition));
    }

    private static List<String> severities(Runbook r) {
        return r.applicability().severities().stream().map(Severity::name).toList();
    }

    @SuppressWarnings("unchecked")
    private Runbook map(ResultSet r) throws SQLException {
        List<String> severities = json.readStringList(r.getString("severities"));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) json.read(r.getString("steps"));
        return new Runbook(
                r.getObject("id", UUID.class),
                r.getString("name"),
                r.getString("description"),
                new Applicability(
                        json.readStringList(r.getString("types")),
                        severities.stream().map(Severity::valueOf).toList(),
                        json.readStringMap(r.getString("labels"))),
                steps.stream().map(StepDefinition::fromMap).toList(),
                r.getBoolean("enabled"),
                r.getInt("version"),
                Jdbc.instant(r, "created_at"),
                Jdbc.instant(r, "updated_at"));
    }
}
