package org.nself.crash.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.ingest.SavedReport;
import org.nself.crash.project.Project;
import org.nself.crash.project.ProjectRepository;
import org.nself.crash.session.IngestSessions;
import org.nself.crash.session.SessionAggregate;
import org.nself.crash.session.SessionBatch;
import org.nself.crash.session.SessionParser;
import org.nself.crash.session.SessionUpdate;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What real Sentry SDKs call (public, authenticated by the DSN key): {@code POST /api/{project}/envelope/}
 * and the legacy {@code POST /api/{project}/store/}. Events go to crash ingest, session updates and
 * aggregates to session ingest; other item types are skipped. Answers 200 once committed.
 *
 * <p>Order of checks, so that no anonymous request costs more than its headers: the client rate
 * limit, the DSN key from {@code X-Sentry-Auth} / {@code Authorization} / {@code ?sentry_key=} and the
 * account rate limit, all before the body is read; only an envelope whose key is in its own header
 * line has that one line (at most {@link EnvelopeFraming#MAX_HEADER_LINE_BYTES}) decoded first. The
 * body is then decoded as it streams in, item by item: skipped items are never held, kept ones at
 * most {@link #MAX_EVENT_BYTES} / {@link #MAX_SESSION_ITEM_BYTES} each, reserved in the
 * {@link IngestBudget} while held.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class EnvelopeController {
    static final long MAX_ENVELOPE_WIRE = 20L * 1024 * 1024;
    static final long MAX_ENVELOPE_DECODED = 100L * 1024 * 1024;
    static final long MAX_EVENT_BYTES = 1024 * 1024;
    static final long MAX_SESSION_ITEM_BYTES = 1024 * 1024;
    /** A gzipped event of at most 1 MiB is never much larger than that on the wire. */
    static final long MAX_STORE_WIRE = 2 * MAX_EVENT_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeController.class);
    private static final Map<String, String> SENTRY_LIMIT_HEADERS = Map.of("X-Sentry-Rate-Limits", "1::organization");

    private final ProjectRepository projects;
    private final IngestCrashReport crashes;
    private final IngestSessions sessions;
    private final IngestRateLimiter limiter;
    private final IngestBudget budget;
    private final JsonMapper json;

    EnvelopeController(
            ProjectRepository projects,
            IngestCrashReport crashes,
            IngestSessions sessions,
            IngestRateLimiter limiter,
            IngestBudget budget,
            JsonMapper json) {
        this.projects = projects;
        this.crashes = crashes;
        this.sessions = sessions;
        this.limiter = limiter;
        this.budget = budget;
        this.json = json;
    }

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
    SentryAnswer envelope(
            HttpRequest<?> request,
            @PathVariable String projectId,
            @Nullable @Header("Content-Encoding") String encoding,
            @Nullable @Header("X-Sentry-Auth") String sentryAuth,
            @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue("sentry_key") String sentryKey) {
        limiter.checkClient(request, SENTRY_LIMIT_HEADERS);
        Optional<String> keyOutsideBody = SentryAuth.key(sentryAuth, authorization, sentryKey, null);
        AccountId account = null;
        if (keyOutsideBody.isPresent()) {
            account = authenticated(projectId, keyOutsideBody.get());
        }
        try (IngestBudget.Reservation held = budget.open(SENTRY_LIMIT_HEADERS);
                InputStream body = RequestBodies.decodingSniffed(
                        RequestBodies.stream(request, MAX_ENVELOPE_WIRE),
                        encoding,
                        MAX_ENVELOPE_WIRE,
                        MAX_ENVELOPE_DECODED)) {
            EnvelopeFraming.Reader reader = new EnvelopeFraming.Reader(body, EnvelopeFraming.MAX_HEADER_LINE_BYTES);
            Map<String, Object> header;
            try {
                header = JsonPayloads.readObject(json, reader.header(), "envelope header");
            } catch (InvalidInput e) {
                throw IngestCrashReport.refusal(e);
            }
            if (account == null) {
                String dsn = header.get("dsn") instanceof String s ? s : null;
                String key = SentryAuth.key(null, null, null, dsn)
                        .orElseThrow(() -> new ApiException(
                                ErrorCode.UNAUTHORIZED,
                                "missing DSN key: send X-Sentry-Auth: Sentry sentry_key=… or ?sentry_key="));
                account = authenticated(projectId, key);
            }
            return items(account, header, reader, held);
        } catch (UncheckedIOException | java.io.IOException e) {
            throw ApiException.invalid("body", "could not be read");
        }
    }

    private SentryAnswer items(
            AccountId account,
            Map<String, Object> header,
            EnvelopeFraming.Reader reader,
            IngestBudget.Reservation held) {
        UUID headerEventId = CrashEventParser.eventIdOrNull(header.get("event_id"));
        String answerId = null;
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        try {
            int i = 0;
            for (byte[] itemHeaderLine = reader.nextItemHeader();
                    itemHeaderLine != null;
                    itemHeaderLine = reader.nextItemHeader(), i++) {
                Map<String, Object> itemHeader =
                        JsonPayloads.readObject(json, itemHeaderLine, "envelope.items[" + i + "].header");
                String type = itemHeader.get("type") instanceof String t ? t : "";
                switch (type) {
                    case "event" -> {
                        byte[] payload = payload(reader, itemHeaderLine, MAX_EVENT_BYTES, "an event", held);
                        long cost = IngestBudget.parseCost(payload);
                        held.hold(cost);
                        SavedReport saved = crashes.ingest(
                                account,
                                JsonPayloads.readObject(json, payload, "event"),
                                new String(payload, StandardCharsets.UTF_8),
                                headerEventId);
                        answerId = CrashEventParser.hex(saved.eventId());
                        held.release(payload.length + cost);
                    }
                    case "session" -> {
                        byte[] payload =
                                payload(reader, itemHeaderLine, MAX_SESSION_ITEM_BYTES, "a session item", held);
                        updates.add(SessionParser.parseOne(JsonPayloads.readObject(json, payload, "session")));
                        held.release(payload.length);
                    }
                    case "sessions" -> {
                        byte[] payload =
                                payload(reader, itemHeaderLine, MAX_SESSION_ITEM_BYTES, "a sessions item", held);
                        long cost = IngestBudget.parseCost(payload);
                        held.hold(cost);
                        aggregates.addAll(SessionParser.parse(JsonPayloads.readObject(json, payload, "sessions"))
                                .aggregates());
                        held.release(payload.length + cost);
                    }
                    default -> {
                        LOG.debug("skipping envelope item of type '{}'", type);
                        reader.skip(itemHeaderLine);
                    }
                }
                // parsed sessions are small, but an envelope may have a thousand items: commit as they fill a batch
                if (updates.size() >= SessionParser.MAX_SESSIONS || aggregates.size() >= SessionParser.MAX_SESSIONS) {
                    flushSessions(account, updates, aggregates);
                }
            }
        } catch (InvalidInput e) {
            throw IngestCrashReport.refusal(e);
        }
        flushSessions(account, updates, aggregates);
        if (answerId == null && headerEventId != null) {
            answerId = CrashEventParser.hex(headerEventId);
        }
        return new SentryAnswer(answerId);
    }

    private static byte[] payload(
            EnvelopeFraming.Reader reader, byte[] itemHeader, long max, String what, IngestBudget.Reservation held) {
        return reader.payload(
                itemHeader,
                max,
                held::hold,
                () -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, what + " must be at most " + max + " bytes"));
    }

    private void flushSessions(AccountId account, List<SessionUpdate> updates, List<SessionAggregate> aggregates) {
        for (int from = 0; from < Math.max(updates.size(), aggregates.size()); from += SessionParser.MAX_SESSIONS) {
            sessions.ingest(
                    account,
                    new SessionBatch(
                            updates.subList(
                                    Math.min(from, updates.size()),
                                    Math.min(from + SessionParser.MAX_SESSIONS, updates.size())),
                            aggregates.subList(
                                    Math.min(from, aggregates.size()),
                                    Math.min(from + SessionParser.MAX_SESSIONS, aggregates.size()))));
        }
        updates.clear();
        aggregates.clear();
    }

    @Post(
            uri = "/{projectId:[0-9]+}/store{/}",
            consumes = {
                MediaType.APPLICATION_JSON,
                MediaType.TEXT_PLAIN,
                MediaType.APPLICATION_OCTET_STREAM,
                "application/x-sentry-envelope"
            })
    SentryAnswer store(
            HttpRequest<?> request,
            @PathVariable String projectId,
            @Nullable @Header("Content-Encoding") String encoding,
            @Nullable @Header("X-Sentry-Auth") String sentryAuth,
            @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue("sentry_key") String sentryKey) {
        limiter.checkClient(request, SENTRY_LIMIT_HEADERS);
        String key = SentryAuth.key(sentryAuth, authorization, sentryKey, null)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.UNAUTHORIZED,
                        "missing DSN key: send X-Sentry-Auth: Sentry sentry_key=… or ?sentry_key="));
        AccountId account = authenticated(projectId, key);
        try (IngestBudget.Reservation held = budget.open(SENTRY_LIMIT_HEADERS)) {
            byte[] decoded = RequestBodies.readAll(held.meter(RequestBodies.decodingSniffed(
                    RequestBodies.stream(request, MAX_STORE_WIRE), encoding, MAX_STORE_WIRE, MAX_EVENT_BYTES)));
            held.hold(IngestBudget.parseCost(decoded));
            SavedReport saved = crashes.ingest(
                    account,
                    JsonPayloads.readObject(json, decoded, "body"),
                    new String(decoded, StandardCharsets.UTF_8),
                    UUID.randomUUID());
            return new SentryAnswer(CrashEventParser.hex(saved.eventId()));
        }
    }

    /** The project the key belongs to (401 otherwise), then the account's rate limit. */
    private AccountId authenticated(String projectId, String key) {
        Project project =
                projects.byKey(key).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "unknown DSN key"));
        if (!Long.toString(project.id()).equals(projectId)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the DSN key does not belong to project " + projectId);
        }
        AccountId account = new AccountId(project.account());
        limiter.checkAccount(account, SENTRY_LIMIT_HEADERS);
        return account;
    }
}
