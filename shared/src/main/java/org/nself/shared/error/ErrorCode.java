package org.nself.shared.error;

import io.micronaut.http.HttpStatus;

/** The nself error codes of SPEC.md §1, each tied to its status. */
public enum ErrorCode {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    CONFLICT(HttpStatus.CONFLICT),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_ENTITY),
    PRECONDITION_REQUIRED(HttpStatus.PRECONDITION_REQUIRED),
    RATE_LIMIT_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    DATABASE_ERROR(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The code for a status that no handler named explicitly. */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.status.getCode() == status) {
                return code;
            }
        }
        if (status == 503) {
            return DATABASE_ERROR;
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
