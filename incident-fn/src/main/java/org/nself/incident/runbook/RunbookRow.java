package org.nself.incident.runbook;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of np_runbooks as stored: the criteria and steps as JSON text. */
@MappedEntity("np_runbooks")
record RunbookRow(
        @Id UUID id,
        String name,
        String description,
        String types,
        String severities,
        String labels,
        String steps,
        boolean enabled,
        int version,
        Instant createdAt,
        Instant updatedAt) {}
