package org.nself.crash.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code nself.crash.retention.days} (NSELF_CRASH_RETENTION_DAYS, default 90 in application.yml). */
@ConfigurationProperties("nself.crash.retention")
@Context
record RetentionSettings(
        @Min(value = 1, message = "must be between 1 and 3650")
                @Max(value = 3650, message = "must be between 1 and 3650")
                int days) {}
