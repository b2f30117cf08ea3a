package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.nself.incident.lifecycle.Incident;
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
        if (!after.status().isOpen()) {
            return () -> {};
        }
        if (before != null
                && Objects.equals(before.type(), after.type())
                && before.severity() == after.severity()
                && before.labels().equals(after.labels())) {
            return () -> {};
        }
        List<UUID> started = new ArrayList<>();
        for (Runbook r : runbooks.enabled(account)) {
            Applicability a = r.applicability();
            boolean matchesNow = a.matches(after.type(), after.severity(), after.labels());
            boolean matchedBefore = before != null && a.matches(before.type(), before.severity(), before.labels());
            if (matchesNow && !matchedBefore && !executions.exists(c, account, after.id(), r.id())) {
                started.add(runner.start(c, account, after.id(), r, "auto", RunbookRunner.ACTOR));
            }
        }
        return () -> started.forEach(id -> runner.advanceQuietly(account, id));
    }
}
