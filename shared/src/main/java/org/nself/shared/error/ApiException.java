package org.nself.shared.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A refusal: an nself code, a reason and the details of SPEC.md §1. Domain and edge code throw it;
 * {@link ApiExceptionHandler} renders it and {@link Rejections} counts it by code and reason. The
 * reason is a short, stable token ({@code invalid_field}, {@code invalid_json}, …) for counting; it
 * is never on the wire. It carries no stack trace: it is an answer, not a fault.
 */
public class ApiException extends RuntimeException {
    /** The reason of a refusal naming fields that break their rules. */
    public static final String INVALID_FIELD = "invalid_field";

    private final ErrorCode code;
    private final String reason;
    private final List<ApiError.Detail> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of(), Map.of());
    }

    public ApiException(ErrorCode code, String message, List<ApiError.Detail> details) {
        this(code, message, details, Map.of());
    }

    public ApiException(ErrorCode code, String message, List<ApiError.Detail> details, Map<String, String> headers) {
        this(code, defaultReason(code), message, details, headers);
    }

    public ApiException(
            ErrorCode code, String reason, String message, List<ApiError.Detail> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    /**
     * 400 with one detail per problem, counted under {@code reason}: what {@link #invalidFields}
     * answers, for a refusal that callers need to catch by a type of its own.
     */
    protected ApiException(String reason, List<ApiError.Detail> details) {
        this(ErrorCode.INVALID_REQUEST, reason, fieldsMessage(details), details, Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(INVALID_FIELD, field, message);
    }

    /** 400 naming one field, counted under {@code reason}. */
    public static ApiException invalid(String reason, String field, String message) {
        return new ApiException(
                ErrorCode.INVALID_REQUEST,
                reason,
                "invalid " + field + ": " + message,
                List.of(new ApiError.Detail(field, message)),
                Map.of());
    }

    public static ApiException invalid(List<ApiError.Detail> details) {
        return invalidFields(INVALID_FIELD, details);
    }

    /**
     * 400 with one detail per problem; the message names the first ("invalid title: must not be
     * blank (and 2 more)").
     */
    public static ApiException invalidFields(String reason, List<ApiError.Detail> details) {
        return new ApiException(reason, details);
    }

    private static String fieldsMessage(List<ApiError.Detail> details) {
        String first = details.isEmpty() ? "invalid request" : details.get(0).message();
        String field = details.isEmpty() ? null : details.get(0).field();
        String message = field == null ? first : "invalid " + field + ": " + first;
        if (details.size() > 1) {
            message += " (and " + (details.size() - 1) + " more)";
        }
        return message;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    /** The reason a refusal without one is counted under: its code in lower case ({@code not_found}). */
    public static String defaultReason(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<ApiError.Detail> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
