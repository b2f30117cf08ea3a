package org.nself.shared.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.nself.shared.error.ApiException;

/**
 * One JSON POST to an operator- or user-configured URL, checked against the {@link OutboundPolicy} first,
 * without redirects, with connect and request time-outs. Never throws for the peer's failures: the
 * outcome says what happened, for a delivery log and a retry.
 */
public final class OutboundPost {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
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
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            HttpResponse<Void> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return new Outcome(code, code >= 200 && code < 300 ? null : "answered HTTP " + code);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timed out");
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(null, "connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }
}
