package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nself.shared.error.ApiException;
import org.nself.shared.outbound.OutboundPolicy;

/**
 * Calls an HTTP step: the SSRF policy is checked again at call time (DNS may have changed since the
 * runbook was saved), redirects are not followed, each attempt has the step's timeout, and failures
 * that may pass (connection errors, time-outs, 429, 5xx) are retried with exponential back-off.
 */
@Singleton
final class HttpStepCaller {
    static final int OUTPUT_BODY_MAX = 2_048;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final OutboundPolicy outbound;

    HttpStepCaller(OutboundPolicy outbound) {
        this.outbound = outbound;
    }

    /** What the call came to, as stored in the step's output. */
    record Result(boolean ok, int attempts, Map<String, Object> output) {}

    Result call(StepDefinition.Http step, Map<String, String> values) {
        try {
            outbound.check("url", step.url());
        } catch (ApiException e) {
            return new Result(false, 0, Map.of("error", "refused: " + e.getMessage()));
        }
        Map<String, String> headers = new LinkedHashMap<>(step.headers());
        boolean hasBody = step.body() != null && !step.body().isEmpty();
        String contentType = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (hasBody && contentType == null) {
            contentType = "application/json";
            headers.put("Content-Type", contentType);
        }
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        String body = hasBody ? Template.render(step.body(), values, json) : null;
        int attempt = 0;
        Map<String, Object> last = Map.of();
        while (attempt <= step.retries()) {
            attempt++;
            boolean retryable;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(step.url()))
                        .timeout(Duration.ofMillis(step.timeoutMs()))
                        .method(
                                step.method(),
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                headers.forEach((k, v) -> request.header(k, Template.render(v, values, false)));
                request.header("User-Agent", "nself-incident-mgmt");
                HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                Map<String, Object> output = new LinkedHashMap<>();
                output.put("status", status);
                output.put("body", excerpt(response.body()));
                if (status >= 200 && status < 300) {
                    output.put("attempts", attempt);
                    return new Result(true, attempt, output);
                }
                output.put("error", "answered HTTP " + status);
                last = output;
                retryable = status == 429 || status >= 500;
            } catch (HttpTimeoutException e) {
                last = Map.of("error", "timed out after " + step.timeoutMs() + " ms");
                retryable = true;
            } catch (IOException e) {
                last = Map.of("error", "connection failed: " + e.getClass().getSimpleName());
                retryable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = Map.of("error", "interrupted");
                retryable = false;
            } catch (IllegalArgumentException e) {
                last = Map.of("error", "the request cannot be built: " + e.getMessage());
                retryable = false;
            }
            if (!retryable) {
                break;
            }
            if (attempt <= step.retries()) {
                sleep(Math.min(2_000L, 200L << (attempt - 1)));
            }
        }
        Map<String, Object> output = new LinkedHashMap<>(last);
        output.put("attempts", attempt);
        return new Result(false, attempt, output);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > OUTPUT_BODY_MAX ? text.substring(0, OUTPUT_BODY_MAX) : text;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
