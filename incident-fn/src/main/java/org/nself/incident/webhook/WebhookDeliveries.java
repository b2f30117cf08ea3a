package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** A webhook's delivery log, newest first, in one read-only transaction. */
@Singleton
record WebhookDeliveries(TransactionOperations<Connection> tx, WebhookTargets webhooks, DeliveryRepository deliveries) {
    ListView<Delivery> list(String account, UUID webhookId, PageRequest page) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            webhooks.find(account, webhookId).orElseThrow(() -> ApiException.notFound("webhook"));
            return ListView.of(
                    deliveries.list(c, account, webhookId, page.limit(), page.offset()),
                    deliveries.count(c, account, webhookId),
                    page);
        });
    }
}
