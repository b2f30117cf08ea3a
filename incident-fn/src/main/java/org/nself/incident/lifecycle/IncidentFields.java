package org.nself.incident.lifecycle;

import org.nself.shared.json.JsonFields;

/** The bounds and choices of incident request fields, shared by the request records. */
final class IncidentFields {
    static final int TITLE_MAX = 500;
    static final int DESCRIPTION_MAX = 20_000;
    static final int KEY_MAX = 100;
    static final int NAME_MAX = 200;
    static final int LABELS_MAX = 50;
    static final int LABEL_VALUE_MAX = 500;
    static final int ASSIGNEES_MAX = 50;
    static final int DEDUP_KEY_MAX = 255;
    static final int NOTE_MAX = 20_000;
    static final String SEVERITIES = "SEV1, SEV2, SEV3, SEV4, SEV5";
    static final String STATUSES =
            "triggered, acknowledged, investigating, identified, monitoring, resolved, closed, cancelled";

    private IncidentFields() {}

    /** Who acts: the {@code actor} field, or {@code api}. */
    static String actor(JsonFields f) {
        String actor = f.string("actor", NAME_MAX, false);
        return actor == null || actor.isBlank() ? "api" : actor;
    }

    /** A timestamp field within {@link Milestones#EARLIEST} and {@link Milestones#LATEST}. */
    static java.time.Instant instant(JsonFields f, String name) {
        return f.instant(name, Milestones.EARLIEST, Milestones.LATEST, Milestones.OUT_OF_RANGE);
    }
}
