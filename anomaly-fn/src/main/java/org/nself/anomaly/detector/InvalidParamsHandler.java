package org.nself.anomaly.detector;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import org.nself.anomaly.algorithm.Params;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/** A refused algorithm, threshold or source parameter answers 400 naming the field. */
@Singleton
final class InvalidParamsHandler implements ExceptionHandler<Params.InvalidParams, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, Params.InvalidParams e) {
        return ErrorResponses.of(
                ErrorCode.INVALID_REQUEST,
                "invalid " + e.field() + ": " + e.getMessage(),
                List.of(new ApiError.Detail(e.field(), e.getMessage())),
                java.util.Map.of());
    }
}
