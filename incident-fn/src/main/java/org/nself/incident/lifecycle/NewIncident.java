package org.nself.incident.lifecycle;

import java.time.Instant;

/** What opening an incident takes; absent times default to now. */
public record NewIncident(
        IncidentDetails details, String source, String dedupKey, Instant startedAt, Instant detectedAt) {}
