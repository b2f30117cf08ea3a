package org.nself.crash.event;

import java.util.List;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.Problems;

/**
 * A payload that breaks the ingest rules (a Sentry event, an envelope's framing, a session): the 400
 * refusal {@code invalid_field} with one detail per problem, rendered and counted as any {@link
 * ApiException}. It has a type of its own so that code re-reading stored payloads (re-symbolication,
 * report views) catches exactly this refusal.
 */
public final class InvalidInput extends ApiException {
    /** Kept for callers that still build their problems as {@link Problem}s. */
    public InvalidInput(List<Problem> problems) {
        super(
                INVALID_FIELD,
                problems.stream()
                        .map(p -> new ApiError.Detail(p.field(), p.message()))
                        .toList());
    }

    private InvalidInput(List<ApiError.Detail> details, String reason) {
        super(reason, details);
    }

    /** The problems a reader collected (at least one). */
    public static InvalidInput of(Problems problems) {
        return new InvalidInput(problems.list(), INVALID_FIELD);
    }

    /** One problem. */
    public static InvalidInput of(String field, String message) {
        return of(INVALID_FIELD, field, message);
    }

    /** One problem, counted under {@code reason}. */
    public static InvalidInput of(String reason, String field, String message) {
        return new InvalidInput(List.of(new ApiError.Detail(field, message)), reason);
    }

    /** Throws the problems of a reader, if it found any. */
    public static void throwIfAny(Problems problems) {
        if (!problems.isEmpty()) {
            throw of(problems);
        }
    }

    /** The nself 400 with one detail per problem, as the HTTP edges answer it. */
    public ApiException refusal() {
        return ApiException.invalid(problems());
    }

    /** The same as {@link #details()}. */
    public List<ApiError.Detail> problems() {
        return details();
    }
}
