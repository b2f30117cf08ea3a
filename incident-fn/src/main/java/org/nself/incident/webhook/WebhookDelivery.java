package org.nself.incident.webhook;

import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.nself.shared.outbox.Outbox;
import org.nself.shared.outbox.OutboxDeliveryJob;

/**
 * The webhook outbox ({@code np_incident_webhook_deliveries}, written by {@link WebhookOutbox}) and its
 * delivery job ({@code incident-webhooks}): each delivery signed per Standard Webhooks with its webhook's
 * secret, retried with back-off until it has failed for good.
 */
@Factory
final class WebhookDelivery {
    static final String NAME = "incident-webhooks";
    static final Outbox OUTBOX = new Outbox("np_incident_webhook_deliveries");

    @Singleton
    OutboxDeliveryJob webhookDelivery(TransactionOperations<Connection> tx, SignedWebhookTarget target) {
        return new OutboxDeliveryJob(NAME, OUTBOX, tx, List.of(target));
    }
}
