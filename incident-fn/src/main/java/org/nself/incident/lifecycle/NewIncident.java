package org.nself.incident.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What opening an incident takes; absent times default to now. */
public record NewIncident(
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
        Instant startedAt,
        Instant detectedAt) {}
