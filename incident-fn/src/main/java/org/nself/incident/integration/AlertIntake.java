package org.nself.incident.integration;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.incident.lifecycle.Changed;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentChange;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.incident.lifecycle.NewIncident;
import org.nself.incident.lifecycle.OpenIncident;
import org.nself.incident.lifecycle.Status;
import org.nself.incident.lifecycle.StatusMachine;
import org.nself.incident.lifecycle.UpdateIncident;
import org.nself.incident.timeline.Timeline;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.json.JsonText;

/**
 * What both alert integrations share, inside one transaction: a transaction-scoped advisory lock on
 * (account, dedup key) so concurrent deliveries of one alert group queue up (the partial unique index
 * on open dedup keys is the second line), joining the open incident or opening one, recording alerts
 * once per fingerprint and status, and moving the incident through the status machine.
 */
@Singleton
record AlertIntake(
        IncidentRepository incidents,
        OpenIncident openIncident,
        UpdateIncident updateIncident,
        Timeline timeline,
        JsonText json) {
    void lock(Connection c, String account, String dedupKey) {
        Jdbc.query(
                c, "SELECT pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 7833))", r -> null, account, dedupKey);
    }

    Optional<Incident> open(Connection c, String account, String dedupKey) {
        return incidents.lockOpenByDedupKey(c, account, dedupKey);
    }

    /** Opens an incident for the key; joins the open one if another writer got there first. */
    Changed openOrJoin(Connection c, String account, NewIncident n, String actor) {
        Optional<Changed> opened = openIncident.open(c, account, n, actor);
        if (opened.isPresent()) {
            return opened.get();
        }
        Incident existing =
                incidents.lockOpenByDedupKey(c, account, n.dedupKey()).orElseThrow();
        return new Changed(existing, false, List.of());
    }

    /**
     * Records one alert's state on the incident; writes an {@code alert} entry only when the alert is
     * new or its status changed, so redeliveries change nothing.
     */
    boolean recordAlert(
            Connection c,
            String account,
            Incident incident,
            String fingerprint,
            String status,
            java.time.Instant startsAt,
            java.time.Instant endsAt,
            Map<String, String> labels,
            Map<String, Object> entryData,
            String actor) {
        Optional<String> previous = Jdbc.one(
                c,
                "SELECT status FROM np_incident_alerts WHERE source_account_id = ? AND incident_id = ? AND fingerprint = ?",
                r -> r.getString(1),
                account,
                incident.id(),
                fingerprint);
        if (previous.isPresent() && previous.get().equals(status)) {
            return false;
        }
        Jdbc.update(
                c,
                "INSERT INTO np_incident_alerts (source_account_id, incident_id, fingerprint, status, starts_at, ends_at, labels)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (source_account_id, incident_id, fingerprint)"
                        + " DO UPDATE SET status = EXCLUDED.status, ends_at = EXCLUDED.ends_at, updated_at = now()",
                account,
                incident.id(),
                fingerprint,
                status,
                startsAt,
                endsAt,
                json.write(labels));
        Map<String, Object> data = new LinkedHashMap<>(entryData);
        data.put("fingerprint", fingerprint);
        data.put("status", status);
        timeline.append(c, account, incident.id(), "alert", actor, true, null, data);
        return true;
    }

    /** Writes an event's {@code alert} entry (Events API events are a log: every one is kept). */
    void recordEvent(Connection c, String account, Incident incident, Map<String, Object> data, String actor) {
        timeline.append(c, account, incident.id(), "alert", actor, true, null, data);
    }

    /** Counts the incident's alerts still firing. */
    long firing(Connection c, String account, Incident incident) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM np_incident_alerts WHERE source_account_id = ? AND incident_id = ? AND status = 'firing'",
                account,
                incident.id());
    }

    /** Moves the incident to {@code target} when the status machine allows it; otherwise leaves it. */
    Changed moveTo(Connection c, String account, Incident incident, Status target, String actor) {
        if (!(StatusMachine.decide(incident.details().status(), target) instanceof StatusMachine.Transition.Allowed)) {
            return new Changed(incident, false, new ArrayList<>());
        }
        Incident locked = incidents.lock(c, account, incident.id()).orElseThrow();
        return updateIncident.apply(c, account, locked, IncidentChange.status(target), actor);
    }

    Changed change(Connection c, String account, Incident incident, IncidentChange change, String actor) {
        Incident locked = incidents.lock(c, account, incident.id()).orElseThrow();
        return updateIncident.apply(c, account, locked, change, actor);
    }
}
