package org.nself.incident.timeline;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One entry of an incident's timeline; {@code seq} is gapless per incident. */
@Serdeable
public record TimelineEntry(
        UUID id,
        UUID incidentId,
        long seq,
        String kind,
        String actor,
        boolean system,
        Instant occurredAt,
        Instant createdAt,
        Map<String, Object> data) {}
