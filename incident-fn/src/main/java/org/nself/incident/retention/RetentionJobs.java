package org.nself.incident.retention;

import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.jobs.ScheduledJob;

/** What incident-fn forgets, and when. */
@Factory
final class RetentionJobs {
    static final String IDEMPOTENCY = "incident-idempotency-retention";
    static final String DELIVERIES = "incident-webhook-delivery-retention";

    /** Idempotency-Keys after 24 hours: clients retry within minutes. */
    @Singleton
    @Named(IDEMPOTENCY)
    ScheduledJob idempotencyKeys(TransactionOperations<Connection> tx, JobLease lease) {
        return new RetentionJob(
                IDEMPOTENCY,
                Duration.ofHours(24),
                "np_incident_idempotency_keys",
                "source_account_id, idempotency_key",
                "",
                tx,
                lease);
    }

    /** The webhook delivery log 30 days after a delivery settled (delivered or failed). */
    @Singleton
    @Named(DELIVERIES)
    ScheduledJob deliveries(TransactionOperations<Connection> tx, JobLease lease) {
        return new RetentionJob(
                DELIVERIES,
                Duration.ofDays(30),
                "np_incident_webhook_deliveries",
                "source_account_id, id",
                "status <> 'pending'",
                tx,
                lease);
    }
}
