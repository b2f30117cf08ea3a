package org.nself.shared.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Builds nself error responses; the single place the error body is made. */
public final class ErrorResponses {
    /** Seconds a client should wait after a 503 DATABASE_ERROR. */
    public static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private ErrorResponses() {}

    public static MutableHttpResponse<ApiError> of(ErrorCode code, String message) {
        return of(code, message, List.of(), Map.of());
    }

    /** The answer to a refusal: its body, its headers, and its reason for {@link Rejections}. */
    public static MutableHttpResponse<ApiError> of(ApiException refusal) {
        return of(refusal.code(), refusal.reason(), refusal.getMessage(), refusal.details(), refusal.headers());
    }

    public static MutableHttpResponse<ApiError> of(
            ErrorCode code, String message, List<ApiError.Detail> details, Map<String, String> headers) {
        String reason = code == ErrorCode.INVALID_REQUEST && !details.isEmpty()
                ? ApiException.INVALID_FIELD
                : ApiException.defaultReason(code);
        return of(code, reason, message, details, headers);
    }

    public static MutableHttpResponse<ApiError> of(
            ErrorCode code, String reason, String message, List<ApiError.Detail> details, Map<String, String> headers) {
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(code.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body(code, message, details));
        Rejections.tag(response, code, reason);
        headers.forEach(response::header);
        if (code == ErrorCode.DATABASE_ERROR && !headers.containsKey("Retry-After")) {
            response.header("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS));
        }
        return response;
    }

    public static ApiError body(ErrorCode code, String message, List<ApiError.Detail> details) {
        return new ApiError(
                message,
                code.name(),
                Instant.now(Clock.systemUTC()).truncatedTo(ChronoUnit.MILLIS),
                details.isEmpty() ? null : details);
    }
}
