package org.nself.incident.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One incident as stored. */
public record Incident(
        UUID id,
        long number,
        String title,
        String description,
        Severity severity,
        Status status,
        String type,
        Map<String, String> labels,
        String commander,
        List<String> assignees,
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

    Incident with(
            String title,
            String description,
            Severity severity,
            Status status,
            String type,
            Map<String, String> labels,
            String commander,
            List<String> assignees,
            Milestones milestones) {
        return new Incident(
                id,
                number,
                title,
                description,
                severity,
                status,
                type,
                labels,
                commander,
                assignees,
                source,
                dedupKey,
                milestones,
                version,
                lastSeq,
                createdAt,
                updatedAt);
    }

    public IncidentView view() {
        Milestones m = milestones;
        return new IncidentView(
                id,
                number,
                ref(),
                title,
                description,
                severity.name(),
                status.wire(),
                StatusMachine.allowedFrom(status).stream().map(Status::wire).toList(),
                type,
                labels,
                commander,
                assignees,
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
