package org.nself.incident.integration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nself.incident.lifecycle.Changed;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentChange;
import org.nself.incident.lifecycle.Milestones;
import org.nself.incident.lifecycle.NewIncident;
import org.nself.incident.lifecycle.Severity;
import org.nself.incident.lifecycle.Status;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.tenancy.AccountId;

/**
 * PagerDuty Events API v2: trigger opens (or adds to) the incident with the dedup key, acknowledge
 * and resolve move it. Answers as PagerDuty does: 202 {@code {"status":"success","message":"Event
 * processed","dedup_key":…}}, and 400 {@code {"status":"invalid event","message":"Event object is
 * invalid","errors":[…]}} — which also carries the nself error fields.
 */
@Controller("/api/v1/integrations/events")
@Secured(SecurityRule.IS_AUTHENTICATED)
class EventsController {
    static final String ACTOR = "events_api";
    private static final Set<String> FIELDS =
            Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url");
    private static final Set<String> PAYLOAD_FIELDS =
            Set.of("summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details");
    private final TransactionOperations<Connection> tx;
    private final AlertIntake intake;
    private final JsonText json;

    EventsController(TransactionOperations<Connection> tx, AlertIntake intake, JsonText json) {
        this.tx = tx;
        this.intake = intake;
        this.json = json;
    }

    /** PagerDuty's answer. */
    @Serdeable
    record Accepted(String status, String message, String dedupKey) {}

    /** PagerDuty's refusal, with the nself error fields beside its own. */
    @Serdeable
    record Refused(
            String status,
            String message,
            List<String> errors,
            String error,
            String code,
            Instant timestamp,
            List<ApiError.Detail> details) {}

    @Post(consumes = MediaType.ALL)
    HttpResponse<?> receive(AccountId account, @Nullable @Body String body) {
        JsonFields f;
        try {
            f = JsonFields.parse(json.mapper(), body);
        } catch (ApiException e) {
            return refuse(e.details().isEmpty() ? List.of(new ApiError.Detail(null, e.getMessage())) : e.details());
        }
        f.rejectUnknown(FIELDS);
        f.string("routing_key", 128, true);
        String action = f.string("event_action", 20, true);
        if (action != null && !Set.of("trigger", "acknowledge", "resolve").contains(action)) {
            f.error("event_action", "must be trigger, acknowledge or resolve");
        }
        String dedupKey = f.string("dedup_key", 255, "acknowledge".equals(action) || "resolve".equals(action));
        JsonFields p = f.object("payload");
        String summary = null;
        String source = null;
        Severity severity = null;
        Map<String, String> labels = new LinkedHashMap<>();
        Object customDetails = null;
        Instant timestamp = null;
        if ("trigger".equals(action)) {
            if (p == null) {
                f.error("payload", "is required for trigger");
            } else {
                p.rejectUnknown(PAYLOAD_FIELDS);
                summary = p.string("summary", 1024, true);
                source = p.string("source", 255, true);
                String sev = p.string("severity", 20, true);
                if (sev != null
                        && !Set.of("critical", "error", "warning", "info").contains(sev)) {
                    p.error("severity", "must be critical, error, warning or info");
                } else if (sev != null) {
                    severity = AlertmanagerPayload.severityOf(sev);
                }
                timestamp = p.instant("timestamp", Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
                for (String name : List.of("component", "group", "class")) {
                    String v = p.string(name, 255, false);
                    if (v != null) {
                        labels.put(name, v);
                    }
                }
                customDetails = p.raw("custom_details");
                if (customDetails != null) {
                    String serialized = json.write(customDetails);
                    if (serialized.length() > 16_384) {
                        p.error("custom_details", "must be at most 16384 bytes of JSON");
                    } else {
                        p.storable("custom_details", customDetails);
                    }
                }
            }
        }
        if (f.hasErrors()) {
            try {
                f.validate();
            } catch (ApiException e) {
                return refuse(e.details());
            }
        }
        String key = dedupKey != null ? dedupKey : newKey();
        if (source != null) {
            labels.put("source", source);
        }
        String summaryText = summary;
        Severity sev = severity;
        Instant started = timestamp != null && timestamp.isBefore(Instant.now()) ? timestamp : null;
        Object details = customDetails;
        List<Runnable> after = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            intake.lock(c, account.value(), key);
            Optional<Incident> open = intake.open(c, account.value(), key);
            List<Runnable> work = new ArrayList<>();
            switch (action) {
                case "trigger" -> {
                    Incident incident;
                    if (open.isEmpty()) {
                        Changed opened = intake.openOrJoin(
                                c,
                                account.value(),
                                new NewIncident(
                                        summaryText.length() > 500 ? summaryText.substring(0, 500) : summaryText,
                                        summaryText,
                                        sev,
                                        Status.TRIGGERED,
                                        null,
                                        labels,
                                        null,
                                        null,
                                        "events_api",
                                        key,
                                        started,
                                        null),
                                ACTOR);
                        work.addAll(opened.afterCommit());
                        incident = opened.incident();
                    } else {
                        incident = open.get();
                        if (sev.isWorseThan(incident.severity())) {
                            Changed escalated = intake.change(
                                    c,
                                    account.value(),
                                    incident,
                                    new IncidentChange(null, null, sev, null, null, false, null, null, false, null),
                                    ACTOR);
                            work.addAll(escalated.afterCommit());
                            incident = escalated.incident();
                        }
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("source", "events_api");
                    data.put("event_action", "trigger");
                    data.put("summary", summaryText);
                    data.put("severity", sev.name());
                    if (details != null) {
                        data.put("custom_details", details);
                    }
                    intake.recordEvent(c, account.value(), incident, data, ACTOR);
                }
                case "acknowledge" ->
                    open.ifPresent(i -> work.addAll(intake.moveTo(c, account.value(), i, Status.ACKNOWLEDGED, ACTOR)
                            .afterCommit()));
                case "resolve" ->
                    open.ifPresent(i -> work.addAll(intake.moveTo(c, account.value(), i, Status.RESOLVED, ACTOR)
                            .afterCommit()));
                default -> throw new IllegalStateException(action);
            }
            return work;
        });
        after.forEach(Runnable::run);
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new Accepted("success", "Event processed", key));
    }

    /** PagerDuty's {@code errors} as text, and the nself {@code details} with the same reasons. */
    private static HttpResponse<Refused> refuse(List<ApiError.Detail> details) {
        List<String> errors = details.stream()
                .map(d -> d.field() == null ? d.message() : d.field() + " " + d.message())
                .toList();
        return HttpResponse.badRequest(new Refused(
                "invalid event",
                "Event object is invalid",
                errors,
                "Event object is invalid: " + String.join("; ", errors),
                "INVALID_REQUEST",
                Instant.now(),
                details));
    }

    private static String newKey() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
