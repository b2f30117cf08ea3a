package org.nself.incident.lifecycle;

import java.util.List;
import java.util.Map;

/** A partial update: a null field stays as it is; {@code clearCommander}/{@code clearType} set them to null. */
public record IncidentChange(
        String title,
        String description,
        Severity severity,
        Status status,
        String type,
        boolean clearType,
        Map<String, String> labels,
        String commander,
        boolean clearCommander,
        List<String> assignees) {

    public static IncidentChange status(Status status) {
        return new IncidentChange(null, null, null, status, null, false, null, null, false, null);
    }
}
