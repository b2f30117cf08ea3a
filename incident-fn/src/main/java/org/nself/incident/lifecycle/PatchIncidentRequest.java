package org.nself.incident.lifecycle;

import static org.nself.incident.lifecycle.IncidentFields.ASSIGNEES_MAX;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nself.shared.json.JsonFields;

/**
 * PATCH /api/v1/incidents/{id}: an absent field stays as it is; {@code null} clears a description,
 * labels, assignees, type or commander ({@code clearType}, {@code clearCommander} say so for the two
 * that become null).
 */
@Serdeable
record PatchIncidentRequest(
        @Nullable @Size(max = TITLE_MAX) String title,
        @Nullable @Size(max = DESCRIPTION_MAX) String description,
        @Nullable Severity severity,
        @Nullable Status status,
        @Nullable @Size(max = KEY_MAX) String type,
        boolean clearType,
        @Nullable @Size(max = LABELS_MAX) Map<String, String> labels,
        @Nullable @Size(max = NAME_MAX) String commander,
        boolean clearCommander,
        @Nullable @Size(max = ASSIGNEES_MAX) List<String> assignees,
        @NotBlank @Size(max = NAME_MAX) String actor) {
    private static final Set<String> FIELDS =
            Set.of("title", "description", "severity", "status", "type", "labels", "commander", "assignees", "actor");

    static PatchIncidentRequest read(JsonFields f) {
        f.rejectUnknown(FIELDS);
        String title = f.string("title", TITLE_MAX, f.has("title"));
        String description = f.string("description", DESCRIPTION_MAX, false);
        if (f.isNull("description")) {
            description = "";
        }
        Severity severity = f.choice("severity", Severity::parse, IncidentFields.SEVERITIES, f.has("severity"));
        Status status = f.choice("status", Status::parse, IncidentFields.STATUSES, f.has("status"));
        String type = f.string("type", KEY_MAX, false);
        Map<String, String> labels = f.stringMap("labels", LABELS_MAX, KEY_MAX, LABEL_VALUE_MAX);
        if (f.isNull("labels")) {
            labels = Map.of();
        }
        String commander = f.string("commander", NAME_MAX, false);
        List<String> assignees = f.stringList("assignees", ASSIGNEES_MAX, NAME_MAX);
        if (f.isNull("assignees")) {
            assignees = List.of();
        }
        String actor = IncidentFields.actor(f);
        f.validate();
        return new PatchIncidentRequest(
                title == null ? null : title.strip(),
                description,
                severity,
                status,
                type,
                f.isNull("type"),
                labels,
                commander,
                f.isNull("commander"),
                assignees,
                actor);
    }

    IncidentChange change() {
        return new IncidentChange(
                title, description, severity, status, type, clearType, labels, commander, clearCommander, assignees);
    }
}
