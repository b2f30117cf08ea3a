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
import org.nself.crash.event.InvalidInput;
import org.nself.crash.ingest.IngestBodies;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code POST /api/v1/ingest/session}: session updates or aggregates from an SDK (public), the body
 * read by {@link IngestBodies} (rate limit, decoding cut at {@link IngestBodies#MAX_BYTES}, memory budget).
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
record SessionIngestController(IngestSessions ingest, IngestBodies bodies, JsonMapper json) {
    @Post(
            uri = "/session",
            consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    AcceptedView session(
            HttpRequest<?> request, AccountId account, @Nullable @Header("Content-Encoding") String encoding) {
        return bodies.read(request, account, encoding, decoded -> {
            SessionBatch batch;
            try {
                batch = SessionParser.parse(JsonPayloads.read(json, decoded, "body"));
            } catch (InvalidInput e) {
                throw e.refusal();
            }
            return new AcceptedView(ingest.ingest(account, batch));
        });
    }

    /** How many updates and aggregates were committed. */
    @Serdeable
    record AcceptedView(int accepted) {}
}
