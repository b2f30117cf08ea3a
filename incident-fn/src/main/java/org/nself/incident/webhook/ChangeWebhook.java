package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;

/** Applies a PATCH to a webhook target under its row lock; the secret never changes. */
@Singleton
record ChangeWebhook(TransactionOperations<Connection> tx, WebhookTargets webhooks) {
    WebhookTarget change(String account, UUID id, WebhookRequest r) {
        return tx.executeWrite(status -> {
            WebhookTarget t = webhooks.lock(account, id).orElseThrow(() -> ApiException.notFound("webhook"));
            return webhooks.store(
                    account,
                    new WebhookTarget(
                            t.id(),
                            r.url() != null ? r.url() : t.url(),
                            t.secret(),
                            r.description() != null ? r.description() : t.description(),
                            r.eventTypes() != null ? r.eventTypes() : t.eventTypes(),
                            r.enabled() != null ? r.enabled() : t.enabled(),
                            t.createdAt(),
                            t.updatedAt()));
        });
    }
}
