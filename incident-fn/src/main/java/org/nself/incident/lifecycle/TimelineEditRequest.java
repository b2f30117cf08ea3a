package org.nself.incident.lifecycle;

import static org.nself.incident.lifecycle.IncidentFields.NOTE_MAX;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import org.nself.shared.json.JsonFields;

/** PATCH /api/v1/incidents/{id}/timeline/{seq}: a new message or time for a person's entry. */
@Serdeable
record TimelineEditRequest(@Nullable @Size(max = NOTE_MAX) String message, @Nullable Instant occurredAt) {
    static TimelineEditRequest read(JsonFields f) {
        f.rejectUnknown(Set.of("message", "occurred_at", "actor"));
        String message = f.string("message", NOTE_MAX, f.has("message"));
        Instant occurredAt = IncidentFields.instant(f, "occurred_at");
        f.validate();
        return new TimelineEditRequest(message, occurredAt);
    }
}
