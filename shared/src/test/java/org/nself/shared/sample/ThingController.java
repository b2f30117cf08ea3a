package org.nself.shared.sample;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The shared module's test resource: a management route group and a public ingest route. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class ThingController {
    static final int MAX_INGEST_BYTES = 4096;
    private final ThingRepository things;
    private final IngestRateLimiter ingestLimits;

    ThingController(ThingRepository things, IngestRateLimiter ingestLimits) {
        this.things = things;
        this.ingestLimits = ingestLimits;
    }

    enum Kind {
        small,
        large
    }

    @Serdeable
    record CreateThingRequest(
            @NotBlank @Size(max = 100) String name, @NotNull Kind kind, @Min(0) @Max(1000) int weight) {}

    @Serdeable
    record ThingView(UUID id, String name, String kind, int weight, Instant createdAt) {
        static ThingView of(Thing t) {
            return new ThingView(t.id(), t.name(), t.kind(), t.weight(), t.createdAt());
        }
    }

    @Serdeable
    record IngestView(int bytes) {}

    @Post("/things")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<ThingView> create(AccountId account, @Valid @Body CreateThingRequest request) {
        Thing saved = things.save(new Thing(
                UUID.randomUUID(),
                account.value(),
                request.name(),
                request.kind().name(),
                request.weight(),
                null));
        return HttpResponse.created(
                ThingView.of(things.find(account.value(), saved.id()).orElseThrow()));
    }

    @Get("/things")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    ListView<ThingView> list(AccountId account, PageRequest page) {
        return ListView.of(
                things.list(account.value(), page.limit(), page.offset()).stream()
                        .map(ThingView::of)
                        .toList(),
                things.count(account.value()),
                page);
    }

    @Get("/things/{id}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    ThingView get(AccountId account, UUID id) {
        return things.find(account.value(), id).map(ThingView::of).orElseThrow(() -> ApiException.notFound("thing"));
    }

    @Post(
            value = "/ingest/things",
            consumes = {"application/json", "application/octet-stream"})
    @Secured(SecurityRule.IS_ANONYMOUS)
    IngestView ingest(
            HttpRequest<?> request,
            AccountId account,
            @Body byte[] body,
            @Nullable @Header(HttpHeaders.CONTENT_ENCODING) String encoding) {
        ingestLimits.check(request, account, Map.of());
        return new IngestView(RequestBodies.decode(body, encoding, MAX_INGEST_BYTES).length);
    }
}
