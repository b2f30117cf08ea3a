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
import java.time.Instant;
import java.util.List;
import org.nself.shared.error.ApiError;
import org.nself.shared.json.JsonText;
import org.nself.shared.tenancy.AccountId;

/**
 * PagerDuty Events API v2: trigger opens (or adds to) the incident with the dedup key, acknowledge
 * and resolve move it ({@link ReceiveEvent}). Answers as PagerDuty does: 202 {@code {"status":"success",
 * "message":"Event processed","dedup_key":…}}, and 400 {@code {"status":"invalid event","message":"Event
 * object is invalid","errors":[…]}} — which also carries the nself error fields.
 */
@Controller("/api/v1/integrations/events")
@Secured(SecurityRule.IS_AUTHENTICATED)
record EventsController(ReceiveEvent receiveEvent, JsonText json) {
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
        PagerDutyEventReader.Read read = PagerDutyEventReader.read(json, body);
        if (read instanceof PagerDutyEventReader.Invalid invalid) {
            return refuse(invalid.details());
        }
        String dedupKey = receiveEvent.receive(account, ((PagerDutyEventReader.Valid) read).event());
        return HttpResponse.status(HttpStatus.ACCEPTED).body(new Accepted("success", "Event processed", dedupKey));
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
}
