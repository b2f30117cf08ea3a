package org.nself.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An incident on the wire. */
@Serdeable
public record IncidentView(
        UUID id,
        long number,
        String ref,
        String title,
        String description,
        String severity,
        String status,
        List<String> allowedTransitions,
        @Nullable String type,
        Map<String, String> labels,
        @Nullable String commander,
        List<String> assignees,
        String source,
        @Nullable String dedupKey,
        Instant startedAt,
        Instant detectedAt,
        @Nullable Instant acknowledgedAt,
        @Nullable Instant mitigatedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt,
        @Nullable Instant cancelledAt,
        int reopenCount,
        long version,
        long timelineLength,
        Instant createdAt,
        Instant updatedAt) {}
