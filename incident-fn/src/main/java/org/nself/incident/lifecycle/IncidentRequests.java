package org.nself.incident.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nself.shared.json.JsonFields;

/** Reads and bounds the incident request bodies. */
final class IncidentRequests {
    static final int TITLE_MAX = 500;
    static final int DESCRIPTION_MAX = 20_000;
    static final int KEY_MAX = 100;
    static final int NAME_MAX = 200;
    static final int LABELS_MAX = 50;
    static final int LABEL_VALUE_MAX = 500;
    static final int ASSIGNEES_MAX = 50;
    static final String SEVERITIES = "SEV1, SEV2, SEV3, SEV4, SEV5";
    static final String STATUSES =
            "triggered, acknowledged, investigating, identified, monitoring, resolved, closed, cancelled";
    private static final Set<String> CREATE_FIELDS = Set.of(
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
    private static final Set<String> PATCH_FIELDS =
            Set.of("title", "description", "severity", "status", "type", "labels", "commander", "assignees", "actor");

    private IncidentRequests() {}

    static NewIncident create(JsonFields f) {
        f.rejectUnknown(CREATE_FIELDS);
        String title = f.string("title", TITLE_MAX, true);
        String description = f.string("description", DESCRIPTION_MAX, false);
        Severity severity = f.choice("severity", Severity::parse, SEVERITIES, false);
        Status status = f.choice("status", Status::parse, STATUSES, false);
        if (status != null && !status.isOpen()) {
            f.error(
                    "status",
                    "a new incident must start open (triggered, acknowledged, investigating, identified, monitoring)");
        }
        String type = f.string("type", KEY_MAX, false);
        Map<String, String> labels = f.stringMap("labels", LABELS_MAX, KEY_MAX, LABEL_VALUE_MAX);
        String commander = f.string("commander", NAME_MAX, false);
        List<String> assignees = f.stringList("assignees", ASSIGNEES_MAX, NAME_MAX);
        String dedupKey = f.string("dedup_key", 255, false);
        var started = f.instant("started_at", Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
        var detected = f.instant("detected_at", Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
        f.string("actor", NAME_MAX, false);
        var now = java.time.Instant.now();
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
        return new NewIncident(
                title.strip(),
                description,
                severity == null ? Severity.SEV3 : severity,
                status,
                type,
                labels,
                commander,
                assignees,
                "manual",
                dedupKey,
                started,
                detected == null && started != null ? started : detected);
    }

    static IncidentChange patch(JsonFields f) {
        f.rejectUnknown(PATCH_FIELDS);
        String title = f.string("title", TITLE_MAX, f.has("title"));
        String description = f.string("description", DESCRIPTION_MAX, false);
        if (f.isNull("description")) {
            description = "";
        }
        Severity severity = f.choice("severity", Severity::parse, SEVERITIES, f.has("severity"));
        Status status = f.choice("status", Status::parse, STATUSES, f.has("status"));
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
        f.string("actor", NAME_MAX, false);
        f.validate();
        return new IncidentChange(
                title == null ? null : title.strip(),
                description,
                severity,
                status,
                type,
                f.isNull("type"),
                labels,
                commander,
                f.isNull("commander"),
                assignees);
    }

    static String actor(JsonFields f) {
        String actor = f.string("actor", NAME_MAX, false);
        return actor == null || actor.isBlank() ? "api" : actor;
    }
}
