package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/** np_incident_runbook_executions and np_incident_runbook_steps. */
@Singleton
record Executions(JsonText json) {
    private static final String EXEC_COLUMNS =
            "id, incident_id, runbook_id, runbook_name, runbook_version, trigger, status, created_at, finished_at";
    private static final String SELECT_BY_ID =
            "SELECT " + EXEC_COLUMNS + " FROM np_incident_runbook_executions WHERE source_account_id = ? AND id = ?";
    private static final String STEP_COLUMNS = "step_id, position, kind, name, state, output::text AS output, attempts,"
            + " actor, started_at, finished_at, config::text AS config";

    UUID create(Connection c, String account, UUID incidentId, Runbook runbook, String trigger) {
        UUID id = UUID.randomUUID();
        Jdbc.update(
                c,
                "INSERT INTO np_incident_runbook_executions (source_account_id, id, incident_id, runbook_id, runbook_version,"
                        + " runbook_name, trigger, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')",
                account,
                id,
                incidentId,
                runbook.id(),
                runbook.version(),
                runbook.name(),
                trigger);
        int position = 0;
        for (StepDefinition step : runbook.steps()) {
            Jdbc.update(
                    c,
                    "INSERT INTO np_incident_runbook_steps (source_account_id, execution_id, position, step_id, kind, name,"
                            + " config) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)",
                    account,
                    id,
                    position++,
                    step.id(),
                    step.kind(),
                    step.name(),
                    json.write(step.toMap()));
        }
        return id;
    }

    boolean exists(Connection c, String account, UUID incidentId, UUID runbookId) {
        return Jdbc.count(
                        c,
                        "SELECT count(*) FROM np_incident_runbook_executions WHERE source_account_id = ? AND incident_id = ?"
                                + " AND runbook_id = ?",
                        account,
                        incidentId,
                        runbookId)
                > 0;
    }

    /** The execution with its steps, its row locked until the transaction ends. */
    Optional<ExecutionView> lock(Connection c, String account, UUID id) {
        return Jdbc.one(c, SELECT_BY_ID + " FOR UPDATE", r -> execution(c, account, r), account, id);
    }

    Optional<ExecutionView> find(Connection c, String account, UUID id) {
        return Jdbc.one(c, SELECT_BY_ID, r -> execution(c, account, r), account, id);
    }

    private List<ExecutionView.Step> steps(Connection c, String account, UUID executionId) {
        return Jdbc.query(
                c,
                "SELECT " + STEP_COLUMNS + " FROM np_incident_runbook_steps WHERE source_account_id = ?"
                        + " AND execution_id = ? ORDER BY position",
                this::step,
                account,
                executionId);
    }

    void setStep(
            Connection c,
            String account,
            UUID executionId,
            int position,
            String state,
            Map<String, Object> output,
            int attempts,
            String actor) {
        Jdbc.update(
                c,
                "UPDATE np_incident_runbook_steps SET state = ?, output = COALESCE(?::jsonb, output), attempts = ?,"
                        + " actor = COALESCE(?, actor),"
                        + " started_at = CASE WHEN ? = 'running' THEN now() ELSE COALESCE(started_at, now()) END,"
                        + " finished_at = CASE WHEN ? IN ('completed', 'failed', 'skipped') THEN now() ELSE NULL END"
                        + " WHERE source_account_id = ? AND execution_id = ? AND position = ?",
                state,
                output == null ? null : json.write(output),
                attempts,
                actor,
                state,
                state,
                account,
                executionId,
                position);
    }

    void setStatus(Connection c, String account, UUID executionId, String status) {
        Jdbc.update(
                c,
                "UPDATE np_incident_runbook_executions SET status = ?,"
                        + " finished_at = CASE WHEN ? = 'running' THEN NULL ELSE now() END"
                        + " WHERE source_account_id = ? AND id = ?",
                status,
                status,
                account,
                executionId);
    }

    List<ExecutionView> forIncident(Connection c, String account, UUID incidentId, int limit, long offset) {
        return Jdbc.query(
                c,
                "SELECT " + EXEC_COLUMNS + " FROM np_incident_runbook_executions WHERE source_account_id = ?"
                        + " AND incident_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
                r -> execution(c, account, r),
                account,
                incidentId,
                limit,
                offset);
    }

    long countForIncident(Connection c, String account, UUID incidentId) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM np_incident_runbook_executions WHERE source_account_id = ? AND incident_id = ?",
                account,
                incidentId);
    }

    /** Steps left running longer than they can possibly take (the process running them died). */
    record Stuck(String account, UUID executionId, int position) {}

    List<Stuck> stuck(Connection c, int limit) {
        return Jdbc.query(
                c,
                "SELECT source_account_id, execution_id, position FROM np_incident_runbook_steps WHERE state = 'running'"
                        + " AND started_at < now() - make_interval(secs => ((config->>'timeout_ms')::int"
                        + " * ((config->>'retries')::int + 1) + 30000) / 1000.0)"
                        + " ORDER BY started_at LIMIT ? FOR UPDATE SKIP LOCKED",
                r -> new Stuck(r.getString(1), r.getObject(2, UUID.class), r.getInt(3)),
                limit);
    }

    /** The execution of the row, with its steps (read on the same connection). */
    private ExecutionView execution(Connection c, String account, ResultSet r) throws SQLException {
        UUID id = r.getObject("id", UUID.class);
        return new ExecutionView(
                id,
                r.getObject("incident_id", UUID.class),
                r.getObject("runbook_id", UUID.class),
                r.getString("runbook_name"),
                r.getInt("runbook_version"),
                r.getString("trigger"),
                r.getString("status"),
                Jdbc.instant(r, "created_at"),
                Jdbc.instant(r, "finished_at"),
                steps(c, account, id));
    }

    private ExecutionView.Step step(ResultSet r) throws SQLException {
        String output = r.getString("output");
        return new ExecutionView.Step(
                r.getString("step_id"),
                r.getInt("position"),
                r.getString("kind"),
                r.getString("name"),
                r.getString("state"),
                output == null ? null : json.readMap(output),
                r.getInt("attempts"),
                r.getString("actor"),
                Jdbc.instant(r, "started_at"),
                Jdbc.instant(r, "finished_at"),
                json.readMap(r.getString("config")));
    }
}
