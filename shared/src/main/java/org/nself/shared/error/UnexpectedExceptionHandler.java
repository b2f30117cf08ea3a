package org.nself.shared.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line: anything no specific handler took. A lost database becomes 503 DATABASE_ERROR with
 * Retry-After (the pool reconnects by itself); a value the database refused as data (SQLState class
 * 22: NUL in text, a timestamp or number out of range, …) that no edge check caught is 400 with a
 * generic detail (the request, not the service, is at fault; the cause goes to the log); anything
 * else is a bug, logged with its cause and answered 500 without internals.
 */
@Singleton
final class UnexpectedExceptionHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        if (DatabaseFailures.isDatabaseUnavailable(exception)) {
            LOG.warn("{} {}: database unavailable: {}", request.getMethod(), request.getPath(), rootMessage(exception));
            return ErrorResponses.of(ErrorCode.DATABASE_ERROR, "database unavailable, retry later");
        }
        var refused = DatabaseFailures.refusedValue(exception);
        if (refused.isPresent()) {
            LOG.warn(
                    "{} {}: the database refused a value of the request: {}",
                    request.getMethod(),
                    request.getPath(),
                    rootMessage(exception));
            return ErrorResponses.of(
                    ErrorCode.INVALID_REQUEST,
                    "refused_value",
                    "invalid request: " + refused.get(),
                    java.util.List.of(new ApiError.Detail(null, refused.get())),
                    java.util.Map.of());
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
        return ErrorResponses.of(ErrorCode.INTERNAL_ERROR, "internal error");
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
