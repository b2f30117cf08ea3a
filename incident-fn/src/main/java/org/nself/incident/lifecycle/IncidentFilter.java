package org.nself.incident.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What GET /api/v1/incidents filters and sorts by. */
record IncidentFilter(
        List<Status> statuses,
        List<Severity> severities,
        String type,
        String commander,
        String source,
        Map<String, String> labels,
        Instant since,
        Instant until,
        String sort) {}
