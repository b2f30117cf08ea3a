package org.nself.crash.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One crash report; {@code payload} (the event as received) and {@code frames} (its crash stack after
 * symbolication; absent when there was nothing to symbolicate) only where a single report is shown. {@code symbolication} is {@code none} (nothing
 * to symbolicate), {@code complete} or {@code missing}: then {@code missingDebugIds} names the symbol
 * files to upload, and the report is symbolicated and re-grouped again when they arrive. {@code tags} are
 * the tags read at ingest ({@code EventTags}), {@code tagProblems} why some were dropped.
 */
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
        String symbolication,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> missingDebugIds,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> tags,
        @Nullable List<Map<String, String>> tagProblems,
        @Nullable List<Map<String, Object>> frames,
        @Nullable Map<String, Object> payload) {}
