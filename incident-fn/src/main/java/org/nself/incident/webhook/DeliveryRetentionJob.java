package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.nself.incident.sql.Sql;
import org.nself.shared.jobs.ScheduledJob;

/** Keeps the delivery log for 30 days after a delivery settled (delivered or failed), in bounded batches. */
@Singleton
final class DeliveryRetentionJob implements ScheduledJob {
    static final Duration KEEP = Duration.ofDays(30);
    private final TransactionOperations<Connection> tx;

    DeliveryRetentionJob(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public String name() {
        return "incident-webhook-delivery-retention";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public int run(Instant tick) {
        return tx.executeWrite(status -> Sql.update(
                status.getConnection(),
                "DELETE FROM np_incident_webhook_deliveries WHERE (source_account_id, id) IN ("
                        + " SELECT source_account_id, id FROM np_incident_webhook_deliveries"
                        + " WHERE status <> 'pending' AND created_at < ? LIMIT 10000 FOR UPDATE SKIP LOCKED)",
                tick.minus(KEEP)));
    }
}
