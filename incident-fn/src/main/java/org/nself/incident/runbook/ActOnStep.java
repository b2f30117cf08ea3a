package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.nself.incident.lifecycle.CommitThenRun;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * A person completes a manual step or skips a pending or failed one, under the execution's row lock;
 * the execution then goes on after the commit.
 */
@Singleton
record ActOnStep(CommitThenRun transaction, IncidentRepository incidents, Executions executions, RunbookRunner runner) {
    void act(String account, UUID incidentId, UUID execId, String stepId, ExecutionRequests.StepAction a) {
        transaction.write((c, afterCommit) -> {
            incidents.find(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            ExecutionView exec = executions
                    .lock(c, account, execId)
                    .filter(e -> e.incidentId().equals(incidentId))
                    .orElseThrow(() -> ApiException.notFound("execution"));
            ExecutionView.Step step = exec.steps().stream()
                    .filter(s -> s.id().equals(stepId))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("step"));
            String target;
            if (a.action().equals("complete")) {
                if (!step.kind().equals("manual")) {
                    throw new ApiException(
                            ErrorCode.CONFLICT,
                            "only manual steps are completed by a person; this one is " + step.kind());
                }
                if (!step.state().equals("pending")) {
                    throw new ApiException(ErrorCode.CONFLICT, "the step is already " + step.state());
                }
                target = "completed";
            } else {
                if (!step.state().equals("pending") && !step.state().equals("failed")) {
                    throw new ApiException(
                            ErrorCode.CONFLICT,
                            "only pending or failed steps can be skipped; this one is " + step.state());
                }
                target = "skipped";
            }
            Map<String, Object> output = new LinkedHashMap<>();
            if (a.note() != null) {
                output.put("note", a.note());
            }
            executions.setStep(
                    c,
                    account,
                    execId,
                    step.position(),
                    target,
                    output.isEmpty() ? null : output,
                    step.attempts(),
                    a.actor());
            runner.stepEntry(c, account, exec, step, target, output.isEmpty() ? null : output);
            if (exec.status().equals("failed")) {
                executions.setStatus(c, account, execId, "running");
            }
            afterCommit.add(() -> runner.advanceQuietly(account, execId));
            return null;
        });
    }
}
