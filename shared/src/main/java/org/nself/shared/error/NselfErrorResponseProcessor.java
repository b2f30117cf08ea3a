package org.nself.shared.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error Micronaut itself produces (no route, wrong method, unreadable JSON, bad
 * conversion, size exceeded, security refusals) in the nself shape. Server errors never show their
 * cause to the client; it goes to the log.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class NselfErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {
    private static final Logger LOG = LoggerFactory.getLogger(NselfErrorResponseProcessor.class);
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    private static final int MAX_MESSAGE = 300;

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        ErrorCode code = ErrorCode.forStatus(status);
        String message;
        List<ApiError.Detail> details = new ArrayList<>();
        if (status >= 500) {
            context.getRootCause()
                    .ifPresentOrElse(
                            cause -> LOG.error(
                                    "{} {} failed",
                                    context.getRequest().getMethod(),
                                    context.getRequest().getPath(),
                                    cause),
                            () -> LOG.error(
                                    "{} {} failed with {}",
                                    context.getRequest().getMethod(),
                                    context.getRequest().getPath(),
                                    status));
            message = code == ErrorCode.DATABASE_ERROR ? "database unavailable, retry later" : "internal error";
        } else {
            for (Error error : context.getErrors()) {
                details.add(new ApiError.Detail(error.getPath().orElse(null), clean(error.getMessage())));
            }
            message = switch (code) {
                case NOT_FOUND ->
                    "no such resource: " + context.getRequest().getMethod() + " "
                            + context.getRequest().getPath();
                case METHOD_NOT_ALLOWED ->
                    "method " + context.getRequest().getMethod() + " not allowed on "
                            + context.getRequest().getPath();
                case UNAUTHORIZED -> "a valid bearer token is required";
                case FORBIDDEN -> "forbidden";
                case PAYLOAD_TOO_LARGE ->
                    details.isEmpty()
                            ? "request body too large"
                            : details.get(0).message();
                case UNSUPPORTED_MEDIA_TYPE -> "unsupported content type";
                default ->
                    details.isEmpty() ? "invalid request" : details.get(0).message();
            };
            if (code == ErrorCode.NOT_FOUND || code == ErrorCode.UNAUTHORIZED || code == ErrorCode.METHOD_NOT_ALLOWED) {
                details.clear();
            }
        }
        MutableHttpResponse<ApiError> response = (MutableHttpResponse<ApiError>) base;
        if (code == ErrorCode.DATABASE_ERROR && base.getHeaders().get("Retry-After") == null) {
            response.header("Retry-After", String.valueOf(ErrorResponses.DATABASE_RETRY_AFTER_SECONDS));
        }
        Rejections.tag(response, code, ApiException.defaultReason(code));
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(ErrorResponses.body(code, message, details));
    }

    /** Strips Java type names from framework messages and bounds their length. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "invalid value";
        }
        String cleaned = JAVA_NAME.matcher(message).replaceAll(m -> {
            String name = m.group();
            return java.util.regex.Matcher.quoteReplacement(name.substring(name.lastIndexOf('.') + 1));
        });
        return cleaned.length() > MAX_MESSAGE ? cleaned.substring(0, MAX_MESSAGE) + "…" : cleaned;
    }
}
