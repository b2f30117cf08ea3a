package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.outbound.StandardWebhooks;

/** Registers a webhook target with a new signing secret, within the per-account limit. */
@Singleton
record CreateWebhook(TransactionOperations<Connection> tx, WebhookTargets webhooks) {
    /** The stored target, with its secret (shown this once). */
    WebhookTarget create(String account, WebhookRequest r) {
        UUID id = UUID.randomUUID();
        String secret = StandardWebhooks.newSecret();
        return tx.executeWrite(status -> {
            if (webhooks.count(account) >= WebhookTargetRepository.MAX_PER_ACCOUNT) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "an account holds at most " + WebhookTargetRepository.MAX_PER_ACCOUNT + " webhooks");
            }
            return webhooks.store(
                    account,
                    new WebhookTarget(
                            id,
                            r.url(),
                            secret,
                            r.description() == null ? "" : r.description(),
                            r.eventTypes() == null ? List.of() : r.eventTypes(),
                            r.enabled() == null || r.enabled(),
                            null,
                            null));
        });
    }
}
