package org.nself.crash.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** One crash report; {@code payload} (the event as received) only where a single report is shown. */
@Serdeable
public record ReportView(
        String id,
        long groupId,
        Instant occurredAt,
        Instant receivedAt,
        String platform,
        String level,
        boolean isCrash,
        @Nullable String release,
        @Nullable String dist,
        @Nullable String environment,
        @Nullable String userId,
        @Nullable String sessionId,
        @Nullable String exceptionType,
        @Nullable String exceptionValue,
        String title,
        @Nullable Map<String, Object> payload) {}
