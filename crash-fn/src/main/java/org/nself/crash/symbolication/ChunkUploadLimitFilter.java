package org.nself.crash.symbolication;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/**
 * A sentry-cli request whose declared length is over its limit is refused before its body is buffered: a
 * chunk request may carry {@code max-request-size} bytes (plus gzip and multipart framing), an assemble
 * request 1 MiB of JSON, anything else under {@code /api/0} nothing larger.
 */
@ServerFilter("/api/0/**")
record ChunkUploadLimitFilter(ChunkUploadSettings settings) {
    /** gzip never grows data by more than a few bytes a block; multipart adds a few hundred bytes a part. */
    static long maxChunkRequest(ChunkUploadSettings settings) {
        return settings.maxRequestSize() + settings.maxRequestSize() / 64 + settings.chunksPerRequest() * 1024L + 4096;
    }

    static ApiException tooLarge(ChunkUploadSettings settings) {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE, "a chunk request exceeds " + maxChunkRequest(settings) + " bytes");
    }

    static ApiException assembleTooLarge() {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "an assemble request exceeds " + ChunkUploadController.MAX_ASSEMBLE_BODY + " bytes");
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return null;
        }
        long length = request.getContentLength();
        boolean chunks =
                request.getPath().endsWith("/chunk-upload") || request.getPath().endsWith("/chunk-upload/");
        long max = chunks ? maxChunkRequest(settings) : ChunkUploadController.MAX_ASSEMBLE_BODY;
        if (length > max) {
            return ErrorResponses.of(chunks ? tooLarge(settings) : assembleTooLarge());
        }
        return null;
    }
}
