package org.nself.shared.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** The nself error body: {@code {"error", "code", "timestamp", "details"?}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String code, Instant timestamp, @Nullable List<Detail> details) {

    /** One reason a request was refused; {@code field} is a JSON path or parameter name. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(@Nullable String field, String message) {}
}
