package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentDetails;
import org.nself.incident.lifecycle.IncidentObserver;

/**
 * Starts every enabled runbook that begins to match an open incident: when it opens, or when a change
 * of type, severity or labels (an escalation) brings it into the runbook's criteria. A runbook runs
 * once per incident by itself; a person may start it again on request.
 */
@Singleton
record AttachMatchingRunbooks(Runbooks runbooks, Executions executions, RunbookRunner runner)
        implements IncidentObserver {
    @Override
    public Runnable changed(Connection c, String account, Incident before, Incident after, String actor) {
        IncidentDetails now = after.details();
        IncidentDetails was = before == null ? null : before.details();
        if (!now.status().isOpen()) {
            return () -> {};
        }
        if (was != null
                && Objects.equals(was.type(), now.type())
                && was.severity() == now.severity()
                && was.labels().equals(now.labels())) {
            return () -> {};
        }
        List<UUID> started = new ArrayList<>();
        for (Runbook r : runbooks.enabled(account)) {
            Applicability a = r.applicability();
            boolean matchesNow = a.matches(now.type(), now.severity(), now.labels());
            boolean matchedBefore = was != null && a.matches(was.type(), was.severity(), was.labels());
            if (matchesNow && !matchedBefore && !executions.exists(c, account, after.id(), r.id())) {
                started.add(runner.start(c, account, after.id(), r, "auto", RunbookRunner.ACTOR));
            }
        }
        return () -> started.forEach(id -> runner.advanceQuietly(account, id));
    }
}
