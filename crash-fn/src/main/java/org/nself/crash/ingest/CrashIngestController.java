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
import java.nio.charset.StandardCharsets;
import org.nself.crash.event.CrashEventParser;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code POST /api/v1/ingest/crash}: one Sentry-shaped crash report from an SDK (public), its body
 * read by {@link IngestBodies} (rate limit, decoding cut at {@link IngestBodies#MAX_BYTES}, memory budget).
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
record CrashIngestController(IngestCrashReport ingest, IngestBodies bodies, JsonMapper json) {
    @Post(
            uri = "/crash",
            consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    IngestedView crash(
            HttpRequest<?> request, AccountId account, @Nullable @Header("Content-Encoding") String encoding) {
        return bodies.read(request, account, encoding, decoded -> {
            SavedReport saved = ingest.ingest(
                    account,
                    JsonPayloads.readObject(json, decoded, "body"),
                    new String(decoded, StandardCharsets.UTF_8),
                    null);
            return new IngestedView(CrashEventParser.hex(saved.eventId()), Long.toString(saved.groupId()));
        });
    }
}
