package org.nself.incident.lifecycle;

import static org.nself.incident.lifecycle.IncidentFields.ASSIGNEES_MAX;
import static org.nself.incident.lifecycle.IncidentFields.DEDUP_KEY_MAX;
import static org.nself.incident.lifecycle.IncidentFields.DESCRIPTION_MAX;
import static org.nself.incident.lifecycle.IncidentFields.KEY_MAX;
import static org.nself.incident.lifecycle.IncidentFields.LABELS_MAX;
import static org.nself.incident.lifecycle.IncidentFields.LABEL_VALUE_MAX;
import static org.nself.incident.lifecycle.IncidentFields.NAME_MAX;
import static org.nself.incident.lifecycle.IncidentFields.TITLE_MAX;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nself.shared.json.JsonFields;

/** POST /api/v1/incidents. */
@Serdeable
record CreateIncidentRequest(
        @NotBlank @Size(max = TITLE_MAX) String title,
        @Nullable @Size(max = DESCRIPTION_MAX) String description,
        @Nullable Severity severity,
        @Nullable Status status,
        @Nullable @Size(max = KEY_MAX) String type,
        @Nullable @Size(max = LABELS_MAX) Map<String, String> labels,
        @Nullable @Size(max = NAME_MAX) String commander,
        @Nullable @Size(max = ASSIGNEES_MAX) List<String> assignees,
        @Nullable @Size(max = DEDUP_KEY_MAX) String dedupKey,
        @Nullable Instant startedAt,
        @Nullable Instant detectedAt,
        @NotBlank @Size(max = NAME_MAX) String actor) {
    private static final Set<String> FIELDS = Set.of(
            "title",
            "description",
            "severity",
            "status",
            "type",
            "labels",
            "commander",
            "assignees",
            "dedup_key",
            "started_at",
            "detected_at",
            "actor");

    static CreateIncidentRequest read(JsonFields f) {
        f.rejectUnknown(FIELDS);
        String title = f.string("title", TITLE_MAX, true);
        String description = f.string("description", DESCRIPTION_MAX, false);
        Severity severity = f.choice("severity", Severity::parse, IncidentFields.SEVERITIES, false);
        Status status = f.choice("status", Status::parse, IncidentFields.STATUSES, false);
        if (status != null && !status.isOpen()) {
            f.error(
                    "status",
                    "a new incident must start open (triggered, acknowledged, investigating, identified, monitoring)");
        }
        String type = f.string("type", KEY_MAX, false);
        Map<String, String> labels = f.stringMap("labels", LABELS_MAX, KEY_MAX, LABEL_VALUE_MAX);
        String commander = f.string("commander", NAME_MAX, false);
        List<String> assignees = f.stringList("assignees", ASSIGNEES_MAX, NAME_MAX);
        String dedupKey = f.string("dedup_key", DEDUP_KEY_MAX, false);
        Instant started = IncidentFields.instant(f, "started_at");
        Instant detected = IncidentFields.instant(f, "detected_at");
        String actor = IncidentFields.actor(f);
        Instant now = Instant.now();
        if (started != null && started.isAfter(now.plusSeconds(300))) {
            f.error("started_at", "must not be in the future");
        }
        if (started != null && detected != null && detected.isBefore(started)) {
            f.error("detected_at", "must not be before started_at");
        }
        if (started == null && detected != null && detected.isAfter(now)) {
            f.error("detected_at", "must not be in the future without started_at");
        }
        f.validate();
        return new CreateIncidentRequest(
                title.strip(),
                description,
                severity,
                status,
                type,
                labels,
                commander,
                assignees,
                dedupKey,
                started,
                detected == null && started != null ? started : detected,
                actor);
    }

    /** What the request opens: SEV3 unless it says, by hand. */
    NewIncident incident() {
        return new NewIncident(
                new IncidentDetails(
                        title,
                        description,
                        severity == null ? Severity.SEV3 : severity,
                        status,
                        type,
                        labels,
                        commander,
                        assignees),
                "manual",
                dedupKey,
                startedAt,
                detectedAt);
    }
}
