package org.nself.incident.webhook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.nself.shared.error.ApiException;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.outbound.StandardWebhooks;

/**
 * Sends due deliveries, signed per Standard Webhooks; a 2xx marks one delivered, anything else is
 * retried with exponential back-off until {@link Backoff#MAX_ATTEMPTS}. Rows are leased with
 * FOR UPDATE SKIP LOCKED, and the HTTP call happens outside any transaction.
 */
@Singleton
final class WebhookDeliveryJob implements ScheduledJob {
    static final int BATCH = 50;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
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
        List<WebhookRepository.Due> due = tx.executeWrite(status -> webhooks.lease(status.getConnection(), BATCH));
        for (WebhookRepository.Due d : due) {
            send(d);
        }
        return due.size();
    }

    private void send(WebhookRepository.Due d) {
        Integer statusCode = null;
        String error;
        try {
            outbound.check("url", d.url());
            var headers = new StandardWebhooks(d.secret())
                    .headers(d.eventId().toString(), Instant.now().getEpochSecond(), d.payload());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "nself-incident-mgmt")
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload(), StandardCharsets.UTF_8));
            headers.forEach(request::header);
            HttpResponse<Void> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding());
            statusCode = response.statusCode();
            if (statusCode >= 200 && statusCode < 300) {
                int code = statusCode;
                tx.executeWrite(status -> {
                    webhooks.delivered(status.getConnection(), d, code);
                    return null;
                });
                return;
            }
            error = "answered HTTP " + statusCode;
        } catch (ApiException e) {
            error = "refused: " + e.getMessage();
        } catch (HttpTimeoutException e) {
            error = "timed out";
        } catch (IOException e) {
            error = "connection failed: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Integer code = statusCode;
        String why = error;
        tx.executeWrite(status -> {
            webhooks.failed(status.getConnection(), d, code, why, Backoff.after(d.attempts()));
            return null;
        });
    }
}
