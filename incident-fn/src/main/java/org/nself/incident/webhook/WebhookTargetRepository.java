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

    @Query("INSERT INTO np_incident_webhooks (source_account_id, id, url, secret, description, event_types, enabled)"
            + " VALUES (:account, :id, :url, :secret, :description, CAST(:eventTypes AS jsonb), :enabled)")
    void insert(
            String account, UUID id, String url, String secret, String description, String eventTypes, boolean enabled);

    @Query("UPDATE np_incident_webhooks SET url = :url, description = :description,"
            + " event_types = CAST(:eventTypes AS jsonb), enabled = :enabled, updated_at = now()"
            + " WHERE source_account_id = :account AND id = :id")
    void update(String account, UUID id, String url, String description, String eventTypes, boolean enabled);

    @Query("DELETE FROM np_incident_webhooks WHERE source_account_id = :account AND id = :id")
    int delete(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account AND id = :id")
    Optional<WebhookRow> find(String account, UUID id);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<WebhookRow> list(String account, int limit, long offset);

    @Query("SELECT " + COLUMNS + " FROM np_incident_webhooks WHERE source_account_id = :account AND enabled"
            + " ORDER BY created_at, id LIMIT " + MAX_PER_ACCOUNT)
    List<WebhookRow> enabled(String account);

    @Query("SELECT count(*) FROM np_incident_webhooks WHERE source_account_id = :account")
    long count(String account);
}
