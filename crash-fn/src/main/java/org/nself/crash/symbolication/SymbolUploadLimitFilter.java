package org.nself.crash.symbolication;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/**
 * A symbol upload whose declared length is over the upload limit (plus room for a multipart envelope) is
 * refused before its body is buffered, so an oversized file costs nothing.
 */
@ServerFilter("/api/v1/dsyms")
record SymbolUploadLimitFilter(SymbolSettings settings) {
    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.POST
                && request.getContentLength() > settings.maxUploadBytes() + SymbolFileController.MULTIPART_OVERHEAD) {
            return ErrorResponses.of(
                    ErrorCode.PAYLOAD_TOO_LARGE, "symbol file exceeds " + settings.maxUploadBytes() + " bytes");
        }
        return null;
    }
}
