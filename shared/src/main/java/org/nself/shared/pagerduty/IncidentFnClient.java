package org.nself.shared.pagerduty;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.shared.outbound.OutboundPost;

/**
 * Sends {@link PagerDutyEvent}s to incident-fn's events endpoint in an account ({@code X-App-Name}), with
 * the operator's token as bearer. incident-fn's URL is the operator's (it usually sits at a private
 * address), so the SSRF policy for URLs a user gave does not apply ({@link
 * OutboundPost#sendToOperatorTarget}).
 */
public final class IncidentFnClient {
    public static final String EVENTS_PATH = "/api/v1/integrations/events";

    private final String url;
    private final String token;
    private final String userAgent;
    private final JsonMapper json;

    /**
     * @param eventsUrl the events endpoint ({@link #eventsUrl}); null when incident-fn is not configured
     * @param token the bearer; empty for none
     * @param userAgent who sends, e.g. {@code nself-crash}
     */
    public IncidentFnClient(String eventsUrl, String token, String userAgent, JsonMapper json) {
        this.url = eventsUrl;
        this.token = token == null ? "" : token.strip();
        this.userAgent = userAgent;
        this.json = json;
    }

    /** The events endpoint under incident-fn's base URL as configured; null when that is blank. */
    public static String eventsUrl(String baseUrl) {
        return baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "") + EVENTS_PATH;
    }

    public boolean configured() {
        return url != null;
    }

    /** The event as sent, for an outbox that stores the body with the message. */
    public String body(PagerDutyEvent event) {
        try {
            return new String(json.writeValueAsBytes(event), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("incident event is not serializable", e);
        }
    }

    public OutboundPost.Outcome send(String account, PagerDutyEvent event) {
        return send(account, body(event));
    }

    /** One attempt with a body {@link #body} wrote, now or when the message was recorded. */
    public OutboundPost.Outcome send(String account, String body) {
        if (url == null) {
            return new OutboundPost.Outcome(null, "no incident URL configured any more");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-App-Name", account);
        headers.put("User-Agent", userAgent);
        if (!token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        return OutboundPost.sendToOperatorTarget(url, headers, body);
    }
}
