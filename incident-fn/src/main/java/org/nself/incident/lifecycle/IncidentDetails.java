package org.nself.incident.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * What is said of an incident and can change (on opening and by PATCH), shared by {@link Incident}
 * and {@link NewIncident}. Absent description, labels and assignees are empty; an absent status is
 * triggered, the state an incident opens in unless it says.
 */
public record IncidentDetails(
        String title,
        String description,
        Severity severity,
        Status status,
        String type,
        Map<String, String> labels,
        String commander,
        List<String> assignees) {
    public IncidentDetails {
        description = description == null ? "" : description;
        status = status == null ? Status.TRIGGERED : status;
        labels = labels == null ? Map.of() : labels;
        assignees = assignees == null ? List.of() : assignees;
    }
}
