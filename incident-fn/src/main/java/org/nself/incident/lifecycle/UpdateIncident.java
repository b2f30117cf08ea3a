package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.nself.incident.timeline.Timeline;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * Applies a change to a locked incident: enforces the status machine, stamps milestones, bumps the
 * version and writes one timeline entry per kind of change, all in the caller's transaction.
 */
@Singleton
public record UpdateIncident(IncidentRepository incidents, Timeline timeline, IncidentObservers observers) {
    public Changed apply(Connection c, String account, Incident incident, IncidentChange change, String actor) {
        IncidentDetails before = incident.details();
        Instant now = Instant.now();
        List<Entry> entries = new ArrayList<>();
        Status status = before.status();
        Milestones milestones = incident.milestones();
        if (change.status() != null) {
            StatusMachine.Transition t = StatusMachine.decide(before.status(), change.status());
            if (t instanceof StatusMachine.Transition.Refused r) {
                throw refused(r);
            }
            if (t instanceof StatusMachine.Transition.Allowed a) {
                status = a.to();
                milestones = milestones.entering(a.to(), now, a.reopen());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("from", a.from().wire());
                data.put("to", a.to().wire());
                if (a.reopen()) {
                    data.put("reopen", true);
                    data.put("reopen_count", milestones.reopenCount());
                }
                entries.add(new Entry("status_changed", data));
            }
        }
        Severity severity = before.severity();
        if (change.severity() != null && change.severity() != before.severity()) {
            severity = change.severity();
            entries.add(new Entry("severity_changed", fromTo(before.severity().name(), severity.name())));
        }
        String commander =
                change.clearCommander() ? null : change.commander() != null ? change.commander() : before.commander();
        List<String> assignees = change.assignees() != null ? change.assignees() : before.assignees();
        Map<String, Object> owners = new LinkedHashMap<>();
        if (!Objects.equals(commander, before.commander())) {
            owners.put("commander", fromTo(before.commander(), commander));
        }
        if (!assignees.equals(before.assignees())) {
            owners.put("assignees", fromTo(before.assignees(), assignees));
        }
        if (!owners.isEmpty()) {
            entries.add(new Entry("owner_changed", owners));
        }
        String title = change.title() != null ? change.title() : before.title();
        String description = change.description() != null ? change.description() : before.description();
        String type = change.clearType() ? null : change.type() != null ? change.type() : before.type();
        Map<String, String> labels = change.labels() != null ? change.labels() : before.labels();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!title.equals(before.title())) {
            fields.put("title", fromTo(before.title(), title));
        }
        if (!description.equals(before.description())) {
            fields.put("description", fromTo(before.description(), description));
        }
        if (!Objects.equals(type, before.type())) {
            fields.put("type", fromTo(before.type(), type));
        }
        if (!labels.equals(before.labels())) {
            fields.put("labels", fromTo(before.labels(), labels));
        }
        if (!fields.isEmpty()) {
            entries.add(new Entry("updated", Map.of("fields", fields)));
        }
        if (entries.isEmpty()) {
            return new Changed(incident, false, List.of());
        }
        Incident after = incidents.update(
                c,
                account,
                incident.with(
                        new IncidentDetails(title, description, severity, status, type, labels, commander, assignees),
                        milestones));
        for (Entry e : entries) {
            timeline.append(c, account, after.id(), e.kind(), actor, true, null, e.data());
        }
        return observers.tell(c, account, incident, after, actor);
    }

    static ApiException refused(StatusMachine.Transition.Refused r) {
        String allowed = r.allowed().isEmpty()
                ? "none (" + r.from().wire() + " is final)"
                : r.allowed().stream().map(Status::wire).collect(Collectors.joining(", "));
        return new ApiException(
                ErrorCode.UNPROCESSABLE,
                "cannot move an incident from " + r.from().wire() + " to " + r.to().wire() + "; allowed: " + allowed,
                List.of(new ApiError.Detail("status", "allowed next states: " + allowed)));
    }

    private static Map<String, Object> fromTo(Object from, Object to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    private record Entry(String kind, Map<String, Object> data) {}
}
