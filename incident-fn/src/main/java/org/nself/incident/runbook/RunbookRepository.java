package org.nself.incident.runbook;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * np_runbooks and np_incident_runbook_versions; every statement filters by the account. Inside a
 * caller's transaction its statements join it.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface RunbookRepository extends GenericRepository<RunbookRow, UUID> {
    int MAX_PER_ACCOUNT = 500;
    String COLUMNS = "id, name, description, CAST(types AS text) AS types, CAST(severities AS text) AS severities,"
            + " CAST(labels AS text) AS labels, CAST(steps AS text) AS steps, enabled, version, created_at, updated_at";

    /** Inserts a new runbook at version 1, or writes a known one at its next version. */
    @Query("INSERT INTO np_runbooks (source_account_id, id, name, description, types, severities, labels, steps,"
            + " enabled, version) VALUES (:account, :id, :name, :description, CAST(:types AS jsonb),"
            + " CAST(:severities AS jsonb), CAST(:labels AS jsonb), CAST(:steps AS jsonb), :enabled, 1)"
            + " ON CONFLICT (source_account_id, id) DO UPDATE SET name = EXCLUDED.name,"
            + " description = EXCLUDED.description, types = EXCLUDED.types, severities = EXCLUDED.severities,"
            + " labels = EXCLUDED.labels, steps = EXCLUDED.steps, enabled = EXCLUDED.enabled,"
            + " version = np_runbooks.version + 1, updated_at = now()")
    void store(
            String account,
            UUID id,
            String name,
            String description,
            String types,
            String severities,
            String labels,
            String steps,
            boolean enabled);

    @Query("DELETE FROM np_runbooks WHERE source_account_id = :account AND id = :id")
    int delete(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = :account AND id = :id")
    Optional<RunbookRow> find(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = :account AND id = :id FOR UPDATE")
    Optional<RunbookRow> lock(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = :account"
            + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<RunbookRow> list(String account, int limit, long offset);

    @Query("SELECT count(*) FROM np_runbooks WHERE source_account_id = :account")
    long count(String account);

    @Query("SELECT " + COLUMNS + " FROM np_runbooks WHERE source_account_id = :account AND enabled"
            + " ORDER BY created_at, id LIMIT 500")
    List<RunbookRow> enabled(String account);

    @Query("INSERT INTO np_incident_runbook_versions (source_account_id, runbook_id, version, definition)"
            + " VALUES (:account, :runbookId, :version, CAST(:definition AS jsonb))")
    void saveVersion(String account, UUID runbookId, int version, String definition);

    @Query("DELETE FROM np_incident_runbook_versions WHERE source_account_id = :account AND runbook_id = :runbookId")
    void deleteVersions(String account, UUID runbookId);
}
