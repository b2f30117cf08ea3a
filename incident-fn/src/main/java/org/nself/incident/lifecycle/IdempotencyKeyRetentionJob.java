package org.nself.incident.lifecycle;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.nself.incident.sql.Sql;
import org.nself.shared.jobs.ScheduledJob;

/** Forgets Idempotency-Keys after 24 hours (clients retry within minutes), in bounded batches. */
@Singleton
final class IdempotencyKeyRetentionJob implements ScheduledJob {
    static final Duration KEEP = Duration.ofHours(24);
    private final TransactionOperations<Connection> tx;

    IdempotencyKeyRetentionJob(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public String name() {
        return "incident-idempotency-retention";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public int run(Instant tick) {
        return tx.executeWrite(status -> Sql.update(
                status.getConnection(),
                "DELETE FROM np_incident_idempotency_keys WHERE (source_account_id, idempotency_key) IN ("
                        + " SELECT source_account_id, idempotency_key FROM np_incident_idempotency_keys"
                        + " WHERE created_at < ? LIMIT 10000 FOR UPDATE SKIP LOCKED)",
                tick.minus(KEEP)));
    }
}
