package org.nself.crash.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What real Sentry SDKs call (public, authenticated by the DSN key): {@code POST /api/{project}/envelope/}
 * and the legacy {@code POST /api/{project}/store/}. Events go to crash ingest, session updates and
 * aggregates to session ingest; other item types are skipped. Answers 200 once committed.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class EnvelopeController {
    static final long MAX_ENVELOPE_DECODED = 100L * 1024 * 1024;
    static final long MAX_EVENT_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeController.class);
    private static final Map<String, String> SENTRY_LIMIT_HEADERS = Map.of("X-Sentry-Rate-Limits", "1::organization");

    private final ProjectRepository projects;
    private final IngestCrashReport crashes;
    private final IngestSessions sessions;
    private final IngestRateLimiter limiter;
    private final JsonMapper json;

    EnvelopeController(
            ProjectRepository projects,
            IngestCrashReport crashes,
            IngestSessions sessions,
            IngestRateLimiter limiter,
            JsonMapper json) {
        this.projects = projects;
        this.crashes = crashes;
        this.sessions = sessions;
        this.limiter = limiter;
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
            @Body byte[] body,
            @Nullable @Header("Content-Encoding") String encoding,
            @Nullable @Header("X-Sentry-Auth") String sentryAuth,
            @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue("sentry_key") String sentryKey) {
        byte[] decoded = decode(body, encoding, MAX_ENVELOPE_DECODED);
        Envelope envelope;
        Map<String, Object> header;
        try {
            envelope = EnvelopeFraming.split(decoded);
        } catch (InvalidInput e) {
            throw IngestCrashReport.refusal(e);
        }
        header = JsonPayloads.readObject(json, envelope.header(), "envelope header");
        String dsn = header.get("dsn") instanceof String s ? s : null;
        Project project = project(projectId, sentryAuth, authorization, sentryKey, dsn);
        AccountId account = new AccountId(project.account());
        limiter.check(request, account, SENTRY_LIMIT_HEADERS);
        UUID headerEventId = CrashEventParser.eventIdOrNull(header.get("event_id"));

        String answerId = null;
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        for (int i = 0; i < envelope.items().size(); i++) {
            Envelope.Item item = envelope.items().get(i);
            Map<String, Object> itemHeader =
                    JsonPayloads.readObject(json, item.header(), "envelope.items[" + i + "].header");
            String type = itemHeader.get("type") instanceof String t ? t : "";
            try {
                switch (type) {
                    case "event" -> {
                        if (item.payload().length > MAX_EVENT_BYTES) {
                            throw new ApiException(
                                    ErrorCode.PAYLOAD_TOO_LARGE,
                                    "an event must be at most " + MAX_EVENT_BYTES + " bytes");
                        }
                        SavedReport saved = crashes.ingest(
                                account,
                                JsonPayloads.readObject(json, item.payload(), "event"),
                                new String(item.payload(), java.nio.charset.StandardCharsets.UTF_8),
                                headerEventId);
                        answerId = CrashEventParser.hex(saved.eventId());
                    }
                    case "session" ->
                        updates.add(SessionParser.parseOne(JsonPayloads.readObject(json, item.payload(), "session")));
                    case "sessions" ->
                        aggregates.addAll(SessionParser.parse(JsonPayloads.readObject(json, item.payload(), "sessions"))
                                .aggregates());
                    default -> LOG.debug("skipping envelope item of type '{}'", type);
                }
            } catch (InvalidInput e) {
                throw IngestCrashReport.refusal(e);
            }
        }
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
        if (answerId == null && headerEventId != null) {
            answerId = CrashEventParser.hex(headerEventId);
        }
        return new SentryAnswer(answerId);
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
            @Body byte[] body,
            @Nullable @Header("Content-Encoding") String encoding,
            @Nullable @Header("X-Sentry-Auth") String sentryAuth,
            @Nullable @Header("Authorization") String authorization,
            @Nullable @QueryValue("sentry_key") String sentryKey) {
        Project project = project(projectId, sentryAuth, authorization, sentryKey, null);
        AccountId account = new AccountId(project.account());
        limiter.check(request, account, SENTRY_LIMIT_HEADERS);
        byte[] decoded = decode(body, encoding, MAX_EVENT_BYTES);
        SavedReport saved = crashes.ingest(
                account,
                JsonPayloads.readObject(json, decoded, "body"),
                new String(decoded, java.nio.charset.StandardCharsets.UTF_8),
                UUID.randomUUID());
        return new SentryAnswer(CrashEventParser.hex(saved.eventId()));
    }

    private Project project(String projectId, String sentryAuth, String authorization, String queryKey, String dsn) {
        String key = SentryAuth.key(sentryAuth, authorization, queryKey, dsn)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.UNAUTHORIZED,
                        "missing DSN key: send X-Sentry-Auth: Sentry sentry_key=… or ?sentry_key="));
        Project project =
                projects.byKey(key).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "unknown DSN key"));
        if (!Long.toString(project.id()).equals(projectId)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the DSN key does not belong to project " + projectId);
        }
        return project;
    }

    /** SDKs compress with or without saying so; the gzip magic decides when the header is missing. */
    private static byte[] decode(byte[] body, String encoding, long limit) {
        String effective = encoding == null && RequestBodies.looksGzipped(body) ? "gzip" : encoding;
        return RequestBodies.decode(body, effective, limit);
    }
}
