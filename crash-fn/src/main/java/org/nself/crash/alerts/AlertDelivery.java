package org.nself.crash.alerts;

import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.nself.shared.outbox.DeliveryTarget;
import org.nself.shared.outbox.Outbox;
import org.nself.shared.outbox.OutboxDeliveryJob;

/**
 * The alert outbox ({@code np_crash_alert_deliveries}, written by {@link CrashAlerts}) and its delivery job
 * ({@code crash-alerts}): the alert router's signed webhook and incident-fn's event ({@link AlertMessages}),
 * with retries.
 */
@Factory
final class AlertDelivery {
    static final String NAME = "crash-alerts";
    static final String WEBHOOK = "webhook";
    static final String INCIDENT = "incident";
    static final Outbox OUTBOX = new Outbox("np_crash_alert_deliveries");

    @Singleton
    OutboxDeliveryJob alertDelivery(TransactionOperations<Connection> tx, AlertMessages messages) {
        return new OutboxDeliveryJob(
                NAME,
                OUTBOX,
                tx,
                List.of(
                        DeliveryTarget.of(WEBHOOK, messages::webhook),
                        DeliveryTarget.of(INCIDENT, messages::incident)));
    }
}
