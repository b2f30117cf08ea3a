package org.nself.incident.runbook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A runbook execution on an incident, with the state of each step. */
@Serdeable
record ExecutionView(
        UUID id,
        UUID incidentId,
        UUID runbookId,
        String runbookName,
        int runbookVersion,
        String trigger,
        String status,
        Instant createdAt,
        @Nullable Instant finishedAt,
        List<Step> steps) {

    @Serdeable
    record Step(
            String id,
            int position,
            String kind,
            String name,
            String state,
            @Nullable Map<String, Object> output,
            int attempts,
            @Nullable String actor,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            Map<String, Object> definition) {}
}
