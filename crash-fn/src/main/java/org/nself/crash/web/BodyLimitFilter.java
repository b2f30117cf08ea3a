package org.nself.crash.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/**
 * The server accepts up to 80 MiB (symbol uploads, Sentry envelopes); every {@code /api/v1} route (ingest and
 * management) takes at most 1 MiB, refused by its declared length before the body is read.
 * Bodies without a declared length are bounded again where they are decoded. Symbol uploads
 * ({@code /api/v1/dsyms}) are larger by nature and enforce their own limit.
 */
@ServerFilter("/api/v1/**")
final class BodyLimitFilter {
    static final long MAX_BODY_BYTES = 1024 * 1024;

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (request.getPath().startsWith("/api/v1/dsyms")) {
            return null;
        }
        if (request.getContentLength() > MAX_BODY_BYTES) {
            return ErrorResponses.of(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return null;
    }
}
