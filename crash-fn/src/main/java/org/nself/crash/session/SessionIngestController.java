package org.nself.crash.session;

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
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code POST /api/v1/ingest/session}: session updates or aggregates from an SDK (public). Rate limit
 * first, then the body decoded as it streams in, cut at {@link #MAX_BODY_BYTES}, held in the
 * {@link IngestBudget}.
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SessionIngestController {
    static final long MAX_BODY_BYTES = 1024 * 1024;
    private final IngestSessions ingest;
    private final IngestRateLimiter limiter;
    private final IngestBudget budget;
    private final JsonMapper json;

    SessionIngestController(IngestSessions ingest, IngestRateLimiter limiter, IngestBudget budget, JsonMapper json) {
        this.ingest = ingest;
        this.limiter = limiter;
        this.budget = budget;
        this.json = json;
    }

    @Post(
            uri = "/session",
            consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    AcceptedView session(
            HttpRequest<?> request, AccountId account, @Nullable @Header("Content-Encoding") String encoding) {
        limiter.check(request, account, Map.of());
        try (IngestBudget.Reservation held = budget.open(Map.of())) {
            byte[] decoded = RequestBodies.readAll(held.meter(RequestBodies.decoding(
                    RequestBodies.stream(request, MAX_BODY_BYTES), encoding, MAX_BODY_BYTES, MAX_BODY_BYTES)));
            held.hold(IngestBudget.parseCost(decoded));
            SessionBatch batch;
            try {
                batch = SessionParser.parse(JsonPayloads.read(json, decoded, "body"));
            } catch (InvalidInput e) {
                throw e.refusal();
            }
            return new AcceptedView(ingest.ingest(account, batch));
        }
    }

    /** How many updates and aggregates were committed. */
    @Serdeable
    record AcceptedView(int accepted) {}
}
