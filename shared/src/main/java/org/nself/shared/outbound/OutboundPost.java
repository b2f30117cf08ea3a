package org.nself.shared.outbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nself.shared.error.ApiException;

/**
 * One JSON POST to an operator- or user-configured URL, checked against the {@link OutboundPolicy} first,
 * without redirects, with connect and request time-outs. Never throws for the peer's failures: the
 * outcome says what happened, for a delivery log and a retry. Every call returns within
 * {@link #LONGEST_SEND}, whatever the peer does, so an outbox can lease a row for longer than its send.
 */
public final class OutboundPost {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The longest one call may take: the connect and request time-outs, enforced as one deadline. */
    public static final Duration LONGEST_SEND = CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** The peer's status code (null when none came back) and, unless it was a 2xx, why it failed. */
    public record Outcome(Integer statusCode, String error) {
        public boolean delivered() {
            return error == null;
        }
    }

    private OutboundPost() {}

    /**
     * To a URL a user gave (a webhook target, a runbook step): the policy must pass it first.
     *
     * @param setting the configuration or field name of the URL, for the policy's refusal message
     */
    public static Outcome send(
            OutboundPolicy policy, String setting, String url, Map<String, String> headers, String body) {
        try {
            policy.check(setting, url);
        } catch (ApiException e) {
            return new Outcome(null, "refused: " + e.getMessage());
        }
        return post(url, headers, body);
    }

    /**
     * To a URL the operator configured (an alert router, incident-fn on the private network): no tenant can
     * change it, so the SSRF policy, which would refuse the private addresses such peers live at, is not
     * applied.
     */
    public static Outcome sendToOperatorTarget(String url, Map<String, String> headers, String body) {
        return post(url, headers, body);
    }

    private static Outcome post(String url, Map<String, String> headers, String body) {
        return post(url, headers, body, LONGEST_SEND);
    }

    /** A POST that returns by {@code deadline} (shorter in tests). */
    static Outcome post(String url, Map<String, String> headers, String body, Duration deadline) {
        CompletableFuture<HttpResponse<Void>> pending = null;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            pending = CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
            // the request time-out stops at the response headers; this deadline also bounds a slow body
            HttpResponse<Void> response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            int code = response.statusCode();
            return new Outcome(code, code >= 200 && code < 300 ? null : "answered HTTP " + code);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Outcome(null, "timed out");
        } catch (ExecutionException e) {
            return e.getCause() instanceof HttpTimeoutException
                    ? new Outcome(null, "timed out")
                    : new Outcome(
                            null,
                            "connection failed: "
                                    + (e.getCause() == null ? e : e.getCause())
                                            .getClass()
                                            .getSimpleName());
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }
}
