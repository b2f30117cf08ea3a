package org.nself.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.incident.timeline.TimelineEntry;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.PathIds;
import org.nself.shared.json.JsonRequests;
import org.nself.shared.json.JsonText;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;
import org.nself.shared.time.Rfc3339;

/**
 * The incident endpoints: open, list, read, change, and the timeline. Bodies are read as text by our
 * code (alike on both runtimes, and Idempotency-Key compares the text) into request records.
 */
@Controller("/api/v1/incidents")
@Secured(SecurityRule.IS_AUTHENTICATED)
record IncidentController(
        JsonRequests requests,
        JsonText json,
        CreateIncident createIncident,
        PatchIncident patchIncident,
        WriteTimelineEntry timelineEntries,
        IncidentQueries queries) {
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> create(
            AccountId account,
            @Nullable @Header("Idempotency-Key") String idempotencyKey,
            @Nullable @Body String body) {
        CreateIncidentRequest request = requests.read(body, CreateIncidentRequest::read);
        CreateIncident.Answer answer = createIncident.create(account.value(), idempotencyKey, body, request);
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(answer.body());
        return answer.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    @Get
    ListView<IncidentView> list(HttpRequest<?> request, AccountId account, PageRequest page) {
        return queries.list(account.value(), filter(request), page);
    }

    @Get("/{id}")
    HttpResponse<IncidentView> get(AccountId account, String id) {
        Incident incident = queries.get(account.value(), parseId(id));
        return HttpResponse.ok(incident.view()).header("ETag", incident.etag());
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    HttpResponse<IncidentView> patch(
            AccountId account, String id, @Nullable @Header("If-Match") String ifMatch, @Nullable @Body String body) {
        UUID incidentId = parseId(id);
        PatchIncidentRequest request = requests.read(body, PatchIncidentRequest::read);
        Incident changed = patchIncident.patch(account.value(), incidentId, ifMatch, request);
        return HttpResponse.ok(changed.view()).header("ETag", changed.etag());
    }

    @Get("/{id}/timeline")
    ListView<TimelineEntry> timeline(AccountId account, String id, PageRequest page) {
        return queries.timeline(account.value(), parseId(id), page);
    }

    @Post(value = "/{id}/timeline", consumes = MediaType.ALL)
    HttpResponse<TimelineEntry> addEntry(AccountId account, String id, @Nullable @Body String body) {
        UUID incidentId = parseId(id);
        TimelineNoteRequest note = requests.read(body, f -> TimelineNoteRequest.read(f, json));
        return HttpResponse.created(timelineEntries.add(account.value(), incidentId, note));
    }

    @Patch(value = "/{id}/timeline/{seq}", consumes = MediaType.ALL)
    TimelineEntry editEntry(AccountId account, String id, String seq, @Nullable @Body String body) {
        UUID incidentId = parseId(id);
        long number;
        try {
            number = Long.parseLong(seq);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("timeline entry");
        }
        TimelineEditRequest edit = requests.read(body, TimelineEditRequest::read);
        return timelineEntries.edit(account.value(), incidentId, number, edit);
    }

    static UUID parseId(String id) {
        return PathIds.uuid(id, "incident");
    }

    private static IncidentFilter filter(HttpRequest<?> request) {
        var q = request.getParameters();
        List<Status> statuses = new ArrayList<>();
        for (String raw : splitAll(q.getAll("status"))) {
            statuses.add(Status.parse(raw)
                    .orElseThrow(() -> ApiException.invalid("status", "must be one of " + IncidentFields.STATUSES)));
        }
        List<Severity> severities = new ArrayList<>();
        for (String raw : splitAll(q.getAll("severity"))) {
            severities.add(Severity.parse(raw)
                    .orElseThrow(
                            () -> ApiException.invalid("severity", "must be one of " + IncidentFields.SEVERITIES)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String raw : q.getAll("label")) {
            int colon = raw.indexOf(':');
            if (colon <= 0 || raw.length() > 700) {
                throw ApiException.invalid("label", "must be key:value");
            }
            labels.put(raw.substring(0, colon), raw.substring(colon + 1));
        }
        String sort = IncidentRepository.SORTS.read("sort", q.get("sort"), "-created_at");
        return new IncidentFilter(
                statuses,
                severities,
                bounded("type", q.get("type")),
                bounded("commander", q.get("commander")),
                bounded("source", q.get("source")),
                labels,
                time("since", q.get("since")),
                time("until", q.get("until")),
                sort);
    }

    private static List<String> splitAll(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        if (out.size() > 20) {
            throw ApiException.invalid("filter", "at most 20 values per filter");
        }
        return out;
    }

    private static String bounded(String name, String value) {
        if (value != null && value.length() > 200) {
            throw ApiException.invalid(name, "must be at most 200 characters");
        }
        return value;
    }

    private static Instant time(String name, String value) {
        return Rfc3339.storable(name, value, "must be an RFC 3339 timestamp");
    }
}
