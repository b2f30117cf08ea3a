package org.nself.incident.webhook;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The webhook targets of np_incident_webhooks that the API manages; every statement filters by the account. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookTargetRepository extends GenericRepository<WebhookRow, UUID> {
    int MAX_PER_ACCOUNT = 20;
    String COLUMNS =
            "id, url, secret, description, CAST(event_types AS text) AS event_types, enabled, created_at, updated_at";

    /** Inserts a new target, or writes a known one (its secret never changes). */
    @Query("INSERT INTO np_incident_webhooks (source_account_id, id, url, secret, description, event_types, enabled)"
            + " VALUES (:account, :id, :url, :secret, :description, CAST(:eventTypes AS jsonb), :enabled)"
            + " ON CONFLICT (source_account_id, id) DO UPDATE SET url = EXCLUDED.url,"
            + " description = EXCLUDED.description, event_types = EXCLUDED.event_types, enabled = EXCLUDED.enabled,"
            + " updated_at = now()")
    void store(
            String account, UUID id, String url, String secret, String description, String eventTypes, boolean enabled);

    @Query("DELETE FROM np_incident_webhooks WHERE source_account_id = :account AND id = :id")
    int delete(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account AND id = :id")
    Optional<WebhookRow> find(String account, UUID id);

    @Query("SELECT " + COLUMNS
            + " FROM np_incident_webhooks WHERE source_account_id = :account AND id = :id FOR UPDATE")
    Optional<WebhookRow> lock(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<WebhookRow> list(String account, int limit, long offset);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account AND enabled"
            + " ORDER BY created_at, id LIMIT " + MAX_PER_ACCOUNT)
    List<WebhookRow> enabled(String account);

    @Query("SELECT count(*) FROM np_incident_webhooks WHERE source_account_id = :account")
    long count(String account);
}
