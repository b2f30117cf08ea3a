package org.nself.anomaly.notify;

import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.nself.shared.outbox.Outbox;
import org.nself.shared.outbox.OutboxDeliveryJob;

/**
 * The notifications outbox ({@code np_anomaly_notifications}) and its delivery job
 * ({@code anomaly-notifications}): the signed webhook and the incident event, with retries.
 */
@Factory
final class NotificationDelivery {
    static final String NAME = "anomaly-notifications";
    static final Outbox OUTBOX = new Outbox("np_anomaly_notifications");

    @Singleton
    OutboxDeliveryJob notificationDelivery(TransactionOperations<Connection> tx, List<NotificationTarget> targets) {
        return new OutboxDeliveryJob(NAME, OUTBOX, tx, targets);
    }
}
