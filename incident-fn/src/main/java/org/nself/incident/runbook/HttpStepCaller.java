package org.nself.incident.runbook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nself.shared.outbound.OutboundHttp;
import org.nself.shared.outbound.OutboundPolicy;

/**
 * Calls an HTTP step through {@link OutboundHttp}: every attempt (retries too) resolves the host again,
 * checks the addresses with the SSRF policy and connects only to one it checked (a name may point
 * elsewhere since the runbook was saved, or between attempts); redirects are not followed, each attempt
 * has the step's timeout, the response body is read only up to what the output keeps, and failures that
 * may pass (connection errors, time-outs, 429, 5xx) are retried with exponential back-off.
 */
@Singleton
final class HttpStepCaller {
    static final int OUTPUT_BODY_MAX = 2_048;
    /** Bytes read of a response: enough for {@link #OUTPUT_BODY_MAX} characters of UTF-8. */
    static final int READ_BODY_MAX = OUTPUT_BODY_MAX * 4;

    private final OutboundHttp http;

    @Inject
    HttpStepCaller(OutboundPolicy outbound) {
        this(new OutboundHttp(outbound));
    }

    HttpStepCaller(OutboundHttp http) {
        this.http = http;
    }

    /** What the call came to, as stored in the step's output. */
    record Result(boolean ok, int attempts, Map<String, Object> output) {}

    Result call(StepDefinition.Http step, Map<String, String> values) {
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
        Map<String, String> rendered = new LinkedHashMap<>();
        headers.forEach((k, v) -> rendered.put(k, Template.render(v, values, false)));
        rendered.put("User-Agent", "nself-incident-mgmt");
        OutboundHttp.Request request = new OutboundHttp.Request(
                step.method(),
                step.url(),
                rendered,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(step.timeoutMs()),
                READ_BODY_MAX);
        int attempt = 0;
        Map<String, Object> last = Map.of();
        while (attempt <= step.retries()) {
            attempt++;
            boolean retryable;
            try {
                OutboundHttp.Response response = http.send("url", request);
                int status = response.status();
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
            } catch (OutboundHttp.Failure f) {
                last = Map.of(
                        "error",
                        switch (f.kind()) {
                            case REFUSED -> "refused: " + f.getMessage();
                            case INVALID -> "the request cannot be built: " + f.getMessage();
                            case TIMED_OUT -> "timed out after " + step.timeoutMs() + " ms";
                            default -> f.getMessage();
                        });
                retryable = f.retryable();
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
