package org.nself.crash.envelope;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.minidump.IngestMinidump;
import org.nself.crash.project.ProjectRepository;
import org.nself.crash.symbolication.MultipartFile;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * The Breakpad/Crashpad upload (public, authenticated by the DSN key in {@code ?sentry_key=} or the
 * Sentry auth headers): {@code POST /api/{project}/minidump/}, multipart with the dump in
 * {@code upload_file_minidump} and the Sentry fields beside it — a {@code sentry} field holding an event
 * JSON object, and the {@code sentry[release]}-style fields Crashpad annotations become. The body may be
 * gzipped (Crashpad does). Answers the event id as text, as Sentry does for these clients.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
record MinidumpUploadController(
        ProjectRepository projects, IngestRateLimiter limiter, IngestMinidump minidumps, JsonMapper json) {
    /** Room for the multipart framing and the Sentry fields beside the dump. */
    static final long MULTIPART_OVERHEAD = 1024 * 1024;

    private static final List<String> BRACKET_FIELDS =
            List.of("release", "dist", "environment", "event_id", "server_name", "platform", "level");

    @Post(uri = "/{projectId:[0-9]+}/minidump{/}", consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
    HttpResponse<String> upload(HttpRequest<?> request, @PathVariable String projectId) {
        limiter.checkClient(request, EnvelopeController.SENTRY_LIMIT_HEADERS);
        AccountId account = authenticated(projectId, request);
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (!MultipartFile.isMultipart(contentType)) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "a minidump upload is multipart/form-data (upload_file_minidump)");
        }
        long max = minidumps.maxDumpBytes() + MULTIPART_OVERHEAD;
        byte[] body;
        try (InputStream in = RequestBodies.decodingSniffed(
                RequestBodies.stream(request, max), request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), max, max)) {
            body = RequestBodies.readAll(in);
        } catch (IOException | UncheckedIOException e) {
            throw ApiException.invalid("body", "could not be read");
        }
        byte[] dump;
        Map<String, Object> client = new LinkedHashMap<>();
        try {
            dump = MultipartFile.find(contentType, body, "upload_file_minidump")
                    .orElseThrow(() -> ApiException.invalid(
                            "upload_file_minidump", "the multipart body has no field 'upload_file_minidump'"))
                    .content();
            Optional<MultipartFile> sentry = MultipartFile.find(contentType, body, "sentry");
            if (sentry.isPresent()) {
                client.putAll(JsonPayloads.readObject(json, sentry.get().content(), "sentry"));
            }
            for (String field : BRACKET_FIELDS) {
                MultipartFile.find(contentType, body, "sentry[" + field + "]")
                        .ifPresent(f -> client.put(field, new String(f.content(), StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("body", e.getMessage());
        }
        IngestMinidump.Ingested ingested = minidumps.ingest(account, dump, client, null);
        return HttpResponse.ok(ingested.report().eventId().toString());
    }

    private AccountId authenticated(String projectId, HttpRequest<?> request) {
        String key = EnvelopeController.keyOutsideBody(request).orElseThrow(EnvelopeController::missingKey);
        return DsnAccounts.authenticated(projects, limiter, projectId, key, EnvelopeController.SENTRY_LIMIT_HEADERS);
    }
}
