package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.timeline.Timeline;

/** Opens an incident and writes its {@code created} entry in the same transaction. */
@Singleton
public record OpenIncident(IncidentRepository incidents, Timeline timeline, IncidentObservers observers) {
    /** Empty when an open incident already holds the dedup key (the caller then joins that one). */
    public Optional<Changed> open(Connection c, String account, NewIncident n, String actor) {
        Instant now = Instant.now();
        Instant started = n.startedAt() != null ? n.startedAt() : n.detectedAt() != null ? n.detectedAt() : now;
        Instant detected = n.detectedAt() == null ? (started.isAfter(now) ? started : now) : n.detectedAt();
        Incident draft = new Incident(
                UUID.randomUUID(),
                incidents.nextNumber(c, account),
                n.details(),
                n.source() == null ? "manual" : n.source(),
                n.dedupKey(),
                Milestones.opened(started, detected, n.details().status(), now),
                1,
                0,
                now,
                now);
        Optional<Incident> inserted = incidents.insert(c, account, draft);
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        Incident incident = inserted.get();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ref", incident.ref());
        data.put("title", incident.details().title());
        data.put("severity", incident.details().severity().name());
        data.put("status", incident.details().status().wire());
        data.put("source", incident.source());
        timeline.append(c, account, incident.id(), "created", actor, true, null, data);
        return Optional.of(observers.tell(c, account, null, incident, actor));
    }
}
