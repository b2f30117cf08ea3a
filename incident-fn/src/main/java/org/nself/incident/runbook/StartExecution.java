package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.util.UUID;
import org.nself.incident.lifecycle.CommitThenRun;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/** Starts a runbook on an open incident by request; its first steps run after the commit. */
@Singleton
record StartExecution(
        CommitThenRun transaction, IncidentRepository incidents, Runbooks runbooks, RunbookRunner runner) {
    /** The new execution's id. */
    UUID start(String account, UUID incidentId, UUID runbookId, String actor) {
        return transaction.write((c, afterCommit) -> {
            var incident = incidents.lock(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            if (!incident.details().status().isOpen()) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "runbooks run on open incidents; this one is "
                                + incident.details().status().wire());
            }
            Runbook runbook = runbooks.find(account, runbookId).orElseThrow(() -> ApiException.notFound("runbook"));
            UUID executionId = runner.start(c, account, incidentId, runbook, "manual", actor);
            afterCommit.add(() -> runner.advanceQuietly(account, executionId));
            return executionId;
        });
    }
}
