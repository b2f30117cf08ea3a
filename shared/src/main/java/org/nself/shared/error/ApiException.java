package org.nself.shared.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal with an nself code. Domain and edge code throw it; {@link ApiExceptionHandler} renders
 * it. It carries no stack trace: it is an answer, not a fault.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final List<ApiError.Detail> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of(), Map.of());
    }

    public ApiException(ErrorCode code, String message, List<ApiError.Detail> details) {
        this(code, message, details, Map.of());
    }

    public ApiException(ErrorCode code, String message, List<ApiError.Detail> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(
                ErrorCode.INVALID_REQUEST,
                "invalid " + field + ": " + message,
                List.of(new ApiError.Detail(field, message)));
    }

    public static ApiException invalid(List<ApiError.Detail> details) {
        String first = details.isEmpty() ? "invalid request" : details.get(0).message();
        String field = details.isEmpty() ? null : details.get(0).field();
        String message = field == null ? first : "invalid " + field + ": " + first;
        if (details.size() > 1) {
            message += " (and " + (details.size() - 1) + " more)";
        }
        return new ApiException(ErrorCode.INVALID_REQUEST, message, details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public ErrorCode code() {
        return code;
    }

    public List<ApiError.Detail> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
