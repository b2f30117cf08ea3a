package org.nself.incident.integration;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.pagerduty.PagerDutyEvent;

/**
 * Reads an Events API v2 body into a {@link PagerDutyEvent}, or says every reason it is not one (PagerDuty
 * answers them all at once): the known fields only, the lengths PagerDuty allows, a payload for a trigger
 * (read only then), a dedup key to acknowledge or resolve, at most 16 KiB of {@code custom_details}.
 */
final class PagerDutyEventReader {
    private static final Set<String> FIELDS =
            Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url");
    private static final Set<String> PAYLOAD_FIELDS =
            Set.of("summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details");
    private static final int MAX_CUSTOM_DETAILS = 16_384;

    private PagerDutyEventReader() {}

    /** What a body is. */
    sealed interface Read {}

    record Valid(PagerDutyEvent event) implements Read {}

    record Invalid(List<ApiError.Detail> details) implements Read {}

    static Read read(JsonText json, String body) {
        JsonFields f;
        try {
            f = JsonFields.parse(json.mapper(), body);
        } catch (ApiException e) {
            return new Invalid(
                    e.details().isEmpty() ? List.of(new ApiError.Detail(null, e.getMessage())) : e.details());
        }
        f.rejectUnknown(FIELDS);
        String routingKey = f.string("routing_key", 128, true);
        String action = f.string("event_action", 20, true);
        if (action != null && !PagerDutyEvent.ACTIONS.contains(action)) {
            f.error("event_action", "must be trigger, acknowledge or resolve");
        }
        boolean trigger = PagerDutyEvent.TRIGGER.equals(action);
        String dedupKey = f.string(
                "dedup_key", 255, PagerDutyEvent.ACKNOWLEDGE.equals(action) || PagerDutyEvent.RESOLVE.equals(action));
        JsonFields p = f.object("payload");
        PagerDutyEvent.Payload payload = null;
        if (trigger) {
            if (p == null) {
                f.error("payload", "is required for trigger");
            } else {
                payload = payload(json, p);
            }
        }
        if (f.hasErrors()) {
            try {
                f.validate();
            } catch (ApiException e) {
                return new Invalid(e.details());
            }
        }
        return new Valid(new PagerDutyEvent(routingKey, action, dedupKey, trigger ? payload : null));
    }

    /** A trigger's payload; null when it has errors (recorded on the fields). */
    private static PagerDutyEvent.Payload payload(JsonText json, JsonFields p) {
        p.rejectUnknown(PAYLOAD_FIELDS);
        String summary = p.string("summary", 1024, true);
        String source = p.string("source", 255, true);
        String severity = p.string("severity", 20, true);
        if (severity != null && !PagerDutyEvent.SEVERITIES.contains(severity)) {
            p.error("severity", "must be critical, error, warning or info");
        }
        Instant timestamp = p.instant("timestamp");
        String component = p.string("component", 255, false);
        String group = p.string("group", 255, false);
        String eventClass = p.string("class", 255, false);
        Object customDetails = p.raw("custom_details");
        if (customDetails != null) {
            if (json.write(customDetails).length() > MAX_CUSTOM_DETAILS) {
                p.error("custom_details", "must be at most 16384 bytes of JSON");
            } else {
                p.storable("custom_details", customDetails);
            }
        }
        if (p.hasErrors()) {
            return null;
        }
        return new PagerDutyEvent.Payload(
                summary,
                source,
                severity,
                timestamp == null ? null : timestamp.toString(),
                component,
                group,
                eventClass,
                customDetails);
    }
}
