package org.nself.shared.outbound;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Standard Webhooks message: its id (the {@code webhook-id} header, the same on every retry so a
 * receiver can drop a repeat) and its JSON body, signed anew at each attempt with that attempt's time.
 */
public record WebhookMessage(String id, String body) {
    /**
     * The body the specification suggests, {@code {"type", "timestamp", "data"}}: what happened, when
     * ({@link Instant#toString()}) and its data.
     */
    public static WebhookMessage of(JsonMapper json, String id, String type, Instant timestamp, Object data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("timestamp", timestamp.toString());
        message.put("data", data);
        try {
            return new WebhookMessage(id, new String(json.writeValueAsBytes(message), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("webhook message is not serializable", e);
        }
    }

    /** The headers of one attempt made at {@code sentAt}: the three signature headers, then the sender's name. */
    public Map<String, String> headers(StandardWebhooks signer, Instant sentAt, String userAgent) {
        Map<String, String> headers = new LinkedHashMap<>(signer.headers(id, sentAt.getEpochSecond(), body));
        headers.put("User-Agent", userAgent);
        return headers;
    }

    /** One attempt to a URL the operator configured ({@link OutboundPost#sendToOperatorTarget}). */
    public OutboundPost.Outcome sendToOperatorTarget(String url, StandardWebhooks signer, String userAgent) {
        return OutboundPost.sendToOperatorTarget(url, headers(signer, Instant.now(), userAgent), body);
    }

    /** One attempt to a URL a user gave, which the policy must pass first ({@link OutboundPost#send}). */
    public OutboundPost.Outcome send(OutboundPolicy policy, String url, StandardWebhooks signer, String userAgent) {
        return OutboundPost.send(policy, "url", url, headers(signer, Instant.now(), userAgent), body);
    }
}
