package org.nself.crash.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;
import org.nself.crash.event.CrashEventParser;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code POST /api/v1/ingest/crash}: one Sentry-shaped crash report from an SDK (public). The rate
 * limit is checked before the body is read; the body is then decoded as it streams in, cut at
 * {@link #MAX_EVENT_BYTES}, and reserved in the {@link IngestBudget} until the answer.
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class CrashIngestController {
    static final long MAX_EVENT_BYTES = 1024 * 1024;
    private final IngestCrashReport ingest;
    private final IngestRateLimiter limiter;
    private final IngestBudget budget;
    private final JsonMapper json;

    CrashIngestController(IngestCrashReport ingest, IngestRateLimiter limiter, IngestBudget budget, JsonMapper json) {
        this.ingest = ingest;
        this.limiter = limiter;
        this.budget = budget;
        this.json = json;
    }

    @Post(
            uri = "/crash",
            consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    IngestedView crash(
            HttpRequest<?> request, AccountId account, @Nullable @Header("Content-Encoding") String encoding) {
        limiter.check(request, account, Map.of());
        try (IngestBudget.Reservation held = budget.open(Map.of())) {
            // every /api/v1 body is at most 1 MiB on the wire (BodyLimitFilter); decoded it is cut at the same size
            byte[] decoded = RequestBodies.readAll(held.meter(RequestBodies.decoding(
                    RequestBodies.stream(request, MAX_EVENT_BYTES), encoding, MAX_EVENT_BYTES, MAX_EVENT_BYTES)));
            held.hold(IngestBudget.parseCost(decoded));
            Map<String, Object> payload = JsonPayloads.readObject(json, decoded, "body");
            SavedReport saved =
                    ingest.ingest(account, payload, new String(decoded, java.nio.charset.StandardCharsets.UTF_8), null);
            return new IngestedView(CrashEventParser.hex(saved.eventId()), Long.toString(saved.groupId()));
        }
    }
}
