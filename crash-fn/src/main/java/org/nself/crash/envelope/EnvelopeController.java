package org.nself.crash.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.ingest.SavedReport;
import org.nself.crash.project.ProjectRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * What real Sentry SDKs call (public, authenticated by the DSN key): {@code POST /api/{project}/envelope/}
 * (its items ingested by {@link IngestEnvelope}) and the legacy {@code POST /api/{project}/store/} (one
 * event). Answers 200 once committed: an envelope whose framing was readable is a 200 even when some of
 * its items were dropped (SDKs resend whatever is not a 2xx). The store route keeps the event's own
 * {@code event_id}, so a resend is the same report, not a second one; an event without one gets a fresh
 * id, as in Relay. Its one event has nothing to be kept beside it, so a bad one is refused (400, 413).
 *
 * <p>Order of checks, so that no anonymous request costs more than its headers: the client rate
 * limit, the DSN key from {@code X-Sentry-Auth} / {@code Authorization} / {@code ?sentry_key=} and the
 * account rate limit, all before the body is read; only an envelope whose key is in its own header
 * line has that one line (at most {@link EnvelopeFraming#MAX_HEADER_LINE_BYTES}) decoded first. The
 * body is then decoded as it streams in.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
record EnvelopeController(
        ProjectRepository projects,
        IngestEnvelope envelopes,
        IngestCrashReport crashes,
        IngestRateLimiter limiter,
        IngestBudget budget,
        JsonMapper json) {
    static final long MAX_ENVELOPE_WIRE = 20L * 1024 * 1024;
    static final long MAX_ENVELOPE_DECODED = 100L * 1024 * 1024;
    /** A gzipped event of at most 1 MiB is never much larger than that on the wire. */
    static final long MAX_STORE_WIRE = 2 * IngestEnvelope.MAX_EVENT_BYTES;

    static final Map<String, String> SENTRY_LIMIT_HEADERS = Map.of("X-Sentry-Rate-Limits", "1::organization");

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SentryAnswer(@Nullable String id) {}

    @Post(
            uri = "/{projectId:[0-9]+}/envelope{/}",
            consumes = {
                "application/x-sentry-envelope",
                MediaType.APPLICATION_JSON,
                MediaType.TEXT_PLAIN,
                MediaType.APPLICATION_OCTET_STREAM
            })
    SentryAnswer envelope(HttpRequest<?> request, @PathVariable String projectId) {
        limiter.checkClient(request, SENTRY_LIMIT_HEADERS);
        Optional<String> keyOutsideBody = keyOutsideBody(request);
        AccountId account = null;
        if (keyOutsideBody.isPresent()) {
            account = authenticated(projectId, keyOutsideBody.get());
        }
        try (IngestBudget.Reservation held = budget.open(SENTRY_LIMIT_HEADERS);
                InputStream body = RequestBodies.decodingSniffed(
                        RequestBodies.stream(request, MAX_ENVELOPE_WIRE),
                        request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
                        MAX_ENVELOPE_WIRE,
                        MAX_ENVELOPE_DECODED)) {
            EnvelopeFraming.Reader reader = new EnvelopeFraming.Reader(body, EnvelopeFraming.MAX_HEADER_LINE_BYTES);
            Map<String, Object> header = IngestEnvelope.headerLine(json, reader.header(), "envelope header");
            if (account == null) {
                String dsn = header.get("dsn") instanceof String s ? s : null;
                account = authenticated(
                        projectId, SentryAuth.key(null, null, null, dsn).orElseThrow(EnvelopeController::missingKey));
            }
            return new SentryAnswer(envelopes.ingest(account, header, reader, held));
        } catch (UncheckedIOException | java.io.IOException e) {
            throw ApiException.invalid("body", "could not be read");
        }
    }

    @Post(
            uri = "/{projectId:[0-9]+}/store{/}",
            consumes = {
                MediaType.APPLICATION_JSON,
                MediaType.TEXT_PLAIN,
                MediaType.APPLICATION_OCTET_STREAM,
                "application/x-sentry-envelope"
            })
    SentryAnswer store(HttpRequest<?> request, @PathVariable String projectId) {
        limiter.checkClient(request, SENTRY_LIMIT_HEADERS);
        AccountId account =
                authenticated(projectId, keyOutsideBody(request).orElseThrow(EnvelopeController::missingKey));
        try (IngestBudget.Reservation held = budget.open(SENTRY_LIMIT_HEADERS)) {
            byte[] decoded = held.readAll(RequestBodies.decodingSniffed(
                    RequestBodies.stream(request, MAX_STORE_WIRE),
                    request.getHeaders().get(HttpHeaders.CONTENT_ENCODING),
                    MAX_STORE_WIRE,
                    IngestEnvelope.MAX_EVENT_BYTES));
            SavedReport saved = crashes.ingest(
                    account,
                    JsonPayloads.readObject(json, decoded, "body"),
                    new String(decoded, StandardCharsets.UTF_8),
                    UUID.randomUUID()); // used only when the event has no event_id
            return new SentryAnswer(CrashEventParser.hex(saved.eventId()));
        }
    }

    /** The DSN key from {@code X-Sentry-Auth}, {@code Authorization: Sentry …} or {@code ?sentry_key=}. */
    static Optional<String> keyOutsideBody(HttpRequest<?> request) {
        return SentryAuth.key(
                request.getHeaders().get("X-Sentry-Auth"),
                request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                request.getParameters().get("sentry_key"),
                null);
    }

    static ApiException missingKey() {
        return new ApiException(
                ErrorCode.UNAUTHORIZED, "missing DSN key: send X-Sentry-Auth: Sentry sentry_key=… or ?sentry_key=");
    }

    /** The project the key belongs to (401 otherwise), then the account's rate limit. */
    private AccountId authenticated(String projectId, String key) {
        return DsnAccounts.authenticated(projects, limiter, projectId, key, SENTRY_LIMIT_HEADERS);
    }
}
