package org.nself.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.timeline.Timeline;
import org.nself.incident.timeline.TimelineEntry;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.limits.StorableValues;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The incident endpoints: open, list, read, change, and the timeline. */
@Controller("/api/v1/incidents")
@Secured(SecurityRule.IS_AUTHENTICATED)
class IncidentController {
    static final int NOTE_MAX = 20_000;
    private static final java.util.Set<String> NOTE_KINDS = java.util.Set.of("note", "action", "decision", "update");
    private final TransactionOperations<Connection> tx;
    private final IncidentRepository incidents;
    private final OpenIncident openIncident;
    private final UpdateIncident updateIncident;
    private final IdempotencyKeys idempotencyKeys;
    private final Timeline timeline;
    private final JsonText json;

    IncidentController(
            TransactionOperations<Connection> tx,
            IncidentRepository incidents,
            OpenIncident openIncident,
            UpdateIncident updateIncident,
            IdempotencyKeys idempotencyKeys,
            Timeline timeline,
            JsonText json) {
        this.tx = tx;
        this.incidents = incidents;
        this.openIncident = openIncident;
        this.updateIncident = updateIncident;
        this.idempotencyKeys = idempotencyKeys;
        this.timeline = timeline;
        this.json = json;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> create(
            AccountId account,
            @Nullable @Header("Idempotency-Key") String idempotencyKey,
            @Nullable @Body String body) {
        JsonFields fields = JsonFields.parse(json.mapper(), body);
        NewIncident request = IncidentRequests.create(fields);
        String actor = IncidentRequests.actor(fields);
        record Answer(int status, String body, boolean replayed, List<Runnable> after) {}
        Answer answer = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            if (idempotencyKey != null) {
                Optional<IdempotencyKeys.Stored> stored =
                        idempotencyKeys.claim(c, account.value(), idempotencyKey, body);
                if (stored.isPresent()) {
                    return new Answer(stored.get().status(), stored.get().body(), true, List.of());
                }
            }
            Changed opened = openIncident
                    .open(c, account.value(), request, actor)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.CONFLICT,
                            "an open incident already holds dedup_key '" + request.dedupKey() + "'"));
            String view = json.write(opened.incident().view());
            if (idempotencyKey != null) {
                idempotencyKeys.store(c, account.value(), idempotencyKey, 201, view);
            }
            return new Answer(201, view, false, opened.afterCommit());
        });
        answer.after().forEach(Runnable::run);
        HttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(answer.body());
        if (answer.replayed()) {
            response = ((io.micronaut.http.MutableHttpResponse<String>) response).header("Idempotent-Replayed", "true");
        }
        return response;
    }

    @Get
    ListView<IncidentView> list(HttpRequest<?> request, AccountId account, PageRequest page) {
        IncidentFilter filter = filter(request);
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            List<IncidentView> data = incidents.list(c, account.value(), filter, page.limit(), page.offset()).stream()
                    .map(Incident::view)
                    .toList();
            return ListView.of(data, incidents.count(c, account.value(), filter), page);
        });
    }

    @Get("/{id}")
    HttpResponse<IncidentView> get(AccountId account, String id) {
        Incident incident = tx.executeRead(
                        status -> incidents.find(status.getConnection(), account.value(), parseId(id), false))
                .orElseThrow(() -> ApiException.notFound("incident"));
        return HttpResponse.ok(incident.view()).header("ETag", incident.etag());
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    HttpResponse<IncidentView> patch(
            AccountId account, String id, @Nullable @Header("If-Match") String ifMatch, @Nullable @Body String body) {
        UUID incidentId = parseId(id);
        JsonFields fields = JsonFields.parse(json.mapper(), body);
        IncidentChange change = IncidentRequests.patch(fields);
        String actor = IncidentRequests.actor(fields);
        Changed changed = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            Incident before = incidents
                    .find(c, account.value(), incidentId, true)
                    .orElseThrow(() -> ApiException.notFound("incident"));
            if (ifMatch != null && !matches(ifMatch, before)) {
                throw new ApiException(
                        ErrorCode.PRECONDITION_FAILED,
                        "the incident changed since it was read (version " + before.version() + "); read it again");
            }
            return updateIncident.apply(c, account.value(), before, change, actor);
        });
        changed.runAfterCommit();
        return HttpResponse.ok(changed.incident().view())
                .header("ETag", changed.incident().etag());
    }

    @Get("/{id}/timeline")
    ListView<TimelineEntry> timeline(AccountId account, String id, PageRequest page) {
        UUID incidentId = parseId(id);
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account.value(), incidentId, false).orElseThrow(() -> ApiException.notFound("incident"));
            return ListView.of(
                    timeline.list(c, account.value(), incidentId, page.limit(), page.offset()),
                    timeline.count(c, account.value(), incidentId),
                    page);
        });
    }

    @Post(value = "/{id}/timeline", consumes = MediaType.ALL)
    HttpResponse<TimelineEntry> addEntry(AccountId account, String id, @Nullable @Body String body) {
        UUID incidentId = parseId(id);
        JsonFields f = JsonFields.parse(json.mapper(), body);
        f.rejectUnknown(java.util.Set.of("kind", "message", "occurred_at", "actor", "data"));
        String kind = f.string("kind", 40, false);
        if (kind != null && !NOTE_KINDS.contains(kind)) {
            f.error("kind", "must be one of note, action, decision, update (the others are written by the service)");
        }
        String message = f.string("message", NOTE_MAX, true);
        Instant occurredAt = f.instant("occurred_at", Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
        Map<String, Object> data = extraData(f);
        String actor = IncidentRequests.actor(f);
        f.validate();
        Map<String, Object> entryData = new LinkedHashMap<>(data);
        entryData.put("message", message);
        TimelineEntry entry = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account.value(), incidentId, true).orElseThrow(() -> ApiException.notFound("incident"));
            return timeline.append(
                    c, account.value(), incidentId, kind == null ? "note" : kind, actor, false, occurredAt, entryData);
        });
        return HttpResponse.created(entry);
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
        JsonFields f = JsonFields.parse(json.mapper(), body);
        f.rejectUnknown(java.util.Set.of("message", "occurred_at", "actor"));
        String message = f.string("message", NOTE_MAX, f.has("message"));
        Instant occurredAt = f.instant("occurred_at", Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
        f.validate();
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account.value(), incidentId, true).orElseThrow(() -> ApiException.notFound("incident"));
            TimelineEntry existing = timeline.find(c, account.value(), incidentId, number)
                    .orElseThrow(() -> ApiException.notFound("timeline entry"));
            if (existing.system()) {
                throw new ApiException(ErrorCode.CONFLICT, "system timeline entries are immutable");
            }
            Map<String, Object> data = null;
            if (message != null) {
                data = new LinkedHashMap<>(existing.data());
                data.put("message", message);
            }
            return timeline.edit(c, account.value(), incidentId, number, occurredAt, data);
        });
    }

    private Map<String, Object> extraData(JsonFields f) {
        Object data = f.raw("data");
        if (data == null) {
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> map)) {
            f.error("data", "must be an object");
            return Map.of();
        }
        if (!f.storable("data", map)) {
            return Map.of();
        }
        String serialized = json.write(map);
        if (serialized.length() > 16_384) {
            f.error("data", "must be at most 16384 bytes of JSON");
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static boolean matches(String ifMatch, Incident incident) {
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(incident.etag())) {
                return true;
            }
        }
        return false;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("incident");
        }
    }

    private static IncidentFilter filter(HttpRequest<?> request) {
        var q = request.getParameters();
        List<Status> statuses = new ArrayList<>();
        for (String raw : splitAll(q.getAll("status"))) {
            statuses.add(Status.parse(raw)
                    .orElseThrow(() -> ApiException.invalid("status", "must be one of " + IncidentRequests.STATUSES)));
        }
        List<Severity> severities = new ArrayList<>();
        for (String raw : splitAll(q.getAll("severity"))) {
            severities.add(Severity.parse(raw)
                    .orElseThrow(
                            () -> ApiException.invalid("severity", "must be one of " + IncidentRequests.SEVERITIES)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String raw : q.getAll("label")) {
            int colon = raw.indexOf(':');
            if (colon <= 0 || raw.length() > 700) {
                throw ApiException.invalid("label", "must be key:value");
            }
            labels.put(raw.substring(0, colon), raw.substring(colon + 1));
        }
        String sort = q.get("sort") == null ? "-created_at" : q.get("sort");
        if (!List.of("created_at", "-created_at", "severity", "-severity").contains(sort)) {
            throw ApiException.invalid("sort", "must be one of created_at, -created_at, severity, -severity");
        }
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

    static Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return StorableValues.requireStorable(
                    name, OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an RFC 3339 timestamp");
        }
    }
}
