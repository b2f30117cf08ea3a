package org.nself.incident.runbook;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.incident.lifecycle.Severity;

/** A stored runbook. */
record Runbook(
        UUID id,
        String name,
        String description,
        Applicability applicability,
        List<StepDefinition> steps,
        boolean enabled,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    View view() {
        return new View(
                id,
                name,
                description,
                applicability.types(),
                applicability.severities().stream().map(Severity::name).toList(),
                applicability.labels(),
                steps.stream().map(StepDefinition::toMap).toList(),
                enabled,
                version,
                createdAt,
                updatedAt);
    }

    /** A runbook on the wire. */
    @Serdeable
    record View(
            UUID id,
            String name,
            String description,
            List<String> types,
            List<String> severities,
            Map<String, String> labels,
            List<Map<String, Object>> steps,
            boolean enabled,
            int version,
            Instant createdAt,
            Instant updatedAt) {}
}
