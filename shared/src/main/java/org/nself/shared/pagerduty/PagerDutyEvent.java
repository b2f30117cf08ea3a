package org.nself.shared.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A PagerDuty Events API v2 event, as incident-fn's {@code /api/v1/integrations/events} takes it: what the
 * crash and anomaly senders write and what incident-fn's receiver reads. The receiver checks the limits
 * (lengths, the 16 KiB of {@code custom_details}) and answers PagerDuty's own errors; this record holds
 * only what every event must be.
 *
 * @param dedupKey the incident it opens or moves; required to acknowledge or resolve
 * @param payload what a trigger says; null for acknowledge and resolve
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PagerDutyEvent(
        String routingKey, String eventAction, @Nullable String dedupKey, @Nullable Payload payload) {
    public static final String TRIGGER = "trigger";
    public static final String ACKNOWLEDGE = "acknowledge";
    public static final String RESOLVE = "resolve";
    public static final List<String> ACTIONS = List.of(TRIGGER, ACKNOWLEDGE, RESOLVE);
    public static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    public PagerDutyEvent {
        if (routingKey == null || !ACTIONS.contains(eventAction)) {
            throw new IllegalArgumentException("an event needs a routing key and one of " + ACTIONS);
        }
        if (TRIGGER.equals(eventAction) ? payload == null : dedupKey == null) {
            throw new IllegalArgumentException("a trigger needs a payload, " + eventAction + " a dedup key");
        }
    }

    public static PagerDutyEvent trigger(String routingKey, String dedupKey, Payload payload) {
        return new PagerDutyEvent(routingKey, TRIGGER, dedupKey, payload);
    }

    /**
     * What a trigger says.
     *
     * @param severity one of {@link #SEVERITIES}
     * @param timestamp when it happened, RFC 3339 (senders write {@link Instant#toString()})
     * @param customDetails any JSON value
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Payload(
            String summary,
            String source,
            String severity,
            @Nullable String timestamp,
            @Nullable String component,
            @Nullable String group,
            @Nullable @JsonProperty("class") String eventClass,
            @Nullable Object customDetails) {
        public Payload {
            if (summary == null || source == null || !SEVERITIES.contains(severity)) {
                throw new IllegalArgumentException("a payload needs a summary, a source and one of " + SEVERITIES);
            }
        }

        /** {@link #timestamp()} as an instant; null when there is none. */
        public Instant time() {
            return timestamp == null ? null : OffsetDateTime.parse(timestamp).toInstant();
        }
    }
}
