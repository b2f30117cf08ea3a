package org.nself.shared.outbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON POST to an operator- or user-configured URL through {@link OutboundHttp}: checked against the
 * {@link OutboundPolicy} and connected to the address checked, without redirects, within a time-out, the
 * answer's body not read. Never throws for the peer's failures: the outcome says what happened, for a
 * delivery log and a retry. Every call returns within {@link #LONGEST_SEND}, whatever the peer does, so an
 * outbox can lease a row for longer than its send.
 */
public final class OutboundPost {
    /** The whole exchange of one delivery attempt: one deadline, from resolving to the last byte. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest one call may take: the deadline (a timer closes the socket when it passes) and room for
     * a slow name lookup, which no socket close interrupts.
     */
    public static final Duration LONGEST_SEND = TIMEOUT.plusSeconds(5);

    private static final OutboundHttp OPERATOR = new OutboundHttp(OutboundPolicy.operatorTargets());

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
        return post(new OutboundHttp(policy), setting, url, headers, body);
    }

    /**
     * To a URL the operator configured (an alert router, incident-fn on the private network): no tenant can
     * change it, so the address ranges, which would refuse the private addresses such peers live at, are not
     * applied ({@link OutboundPolicy#operatorTargets}).
     */
    public static Outcome sendToOperatorTarget(String url, Map<String, String> headers, String body) {
        return post(OPERATOR, "url", url, headers, body);
    }

    /** To an operator target with a shorter deadline than {@link #TIMEOUT} (tests). */
    static Outcome post(String url, Map<String, String> headers, String body, Duration deadline) {
        return post(OPERATOR, "url", url, headers, body, deadline);
    }

    private static Outcome post(
            OutboundHttp http, String setting, String url, Map<String, String> headers, String body) {
        return post(http, setting, url, headers, body, TIMEOUT);
    }

    private static Outcome post(
            OutboundHttp http,
            String setting,
            String url,
            Map<String, String> headers,
            String body,
            Duration deadline) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        try {
            OutboundHttp.Response response = http.send(
                    setting,
                    new OutboundHttp.Request("POST", url, all, body.getBytes(StandardCharsets.UTF_8), deadline, 0));
            int code = response.status();
            return new Outcome(code, code >= 200 && code < 300 ? null : "answered HTTP " + code);
        } catch (OutboundHttp.Failure f) {
            return new Outcome(
                    null,
                    f.kind() == OutboundHttp.Failure.Kind.REFUSED ? "refused: " + f.getMessage() : f.getMessage());
        }
    }
}
