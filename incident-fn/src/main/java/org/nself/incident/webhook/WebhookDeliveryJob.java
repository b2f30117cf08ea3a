package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.outbound.Backoff;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.outbound.OutboundPost;
import org.nself.shared.outbound.OutboxLease;
import org.nself.shared.outbound.StandardWebhooks;

/**
 * Sends due deliveries, signed per Standard Webhooks; a 2xx marks one delivered, anything else is
 * retried with exponential back-off until {@link Backoff#MAX_ATTEMPTS}. Rows are leased with
 * FOR UPDATE SKIP LOCKED, and the HTTP call happens outside any transaction. A lease outlives the sends
 * it covers ({@link OutboxLease}): a run sends a row only after renewing its
 * lease under its own token, so a row another run has taken since is never sent twice.
 */
@Singleton
final class WebhookDeliveryJob implements ScheduledJob {
    static final int BATCH = 50;
    private final TransactionOperations<Connection> tx;
    private final WebhookRepository webhooks;
    private final OutboundPolicy outbound;

    WebhookDeliveryJob(TransactionOperations<Connection> tx, WebhookRepository webhooks, OutboundPolicy outbound) {
        this.tx = tx;
        this.webhooks = webhooks;
        this.outbound = outbound;
    }

    @Override
    public String name() {
        return "incident-webhooks";
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(10);
    }

    @Override
    public int run(Instant tick) {
        UUID token = OutboxLease.token();
        List<WebhookRepository.Due> due =
                tx.executeWrite(status -> webhooks.lease(status.getConnection(), BATCH, token));
        for (WebhookRepository.Due d : due) {
            if (tx.executeWrite(status -> webhooks.renew(status.getConnection(), d))) {
                send(d);
            } // else another run leased it since: it sends it
        }
        return due.size();
    }

    private void send(WebhookRepository.Due d) {
        var headers = new java.util.LinkedHashMap<>(new StandardWebhooks(d.secret())
                .headers(d.eventId().toString(), Instant.now().getEpochSecond(), d.payload()));
        headers.put("User-Agent", "nself-incident-mgmt");
        OutboundPost.Outcome outcome = OutboundPost.send(outbound, "url", d.url(), headers, d.payload());
        tx.executeWrite(status -> {
            if (outcome.delivered()) {
                webhooks.delivered(status.getConnection(), d, outcome.statusCode());
            } else {
                webhooks.failed(
                        status.getConnection(), d, outcome.statusCode(), outcome.error(), Backoff.after(d.attempts()));
            }
            return null;
        });
    }
}
