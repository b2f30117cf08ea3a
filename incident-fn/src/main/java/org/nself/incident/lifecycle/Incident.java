package org.nself.incident.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** One incident as stored. */
public record Incident(
        UUID id,
        long number,
        IncidentDetails details,
        String source,
        String dedupKey,
        Milestones milestones,
        long version,
        long lastSeq,
        Instant createdAt,
        Instant updatedAt) {

    public String ref() {
        return "INC-" + number;
    }

    public String etag() {
        return "\"" + version + "\"";
    }

    /** This incident with changed details and milestones. */
    Incident with(IncidentDetails details, Milestones milestones) {
        return new Incident(id, number, details, source, dedupKey, milestones, version, lastSeq, createdAt, updatedAt);
    }

    public IncidentView view() {
        Milestones m = milestones;
        IncidentDetails d = details;
        return new IncidentView(
                id,
                number,
                ref(),
                d.title(),
                d.description(),
                d.severity().name(),
                d.status().wire(),
                StatusMachine.allowedFrom(d.status()).stream().map(Status::wire).toList(),
                d.type(),
                d.labels(),
                d.commander(),
                d.assignees(),
                source,
                dedupKey,
                m.startedAt(),
                m.detectedAt(),
                m.acknowledgedAt(),
                m.mitigatedAt(),
                m.resolvedAt(),
                m.closedAt(),
                m.cancelledAt(),
                m.reopenCount(),
                version,
                lastSeq,
                createdAt,
                updatedAt);
    }
}
