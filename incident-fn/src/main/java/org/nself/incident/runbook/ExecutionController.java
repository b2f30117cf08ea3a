package org.nself.incident.runbook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Runbook executions on an incident: start one, list them with step states, complete or skip a step. */
@Controller("/api/v1/incidents/{id}/runbooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
class ExecutionController {
    private final TransactionOperations<Connection> tx;
    private final IncidentRepository incidents;
    private final RunbookRepository runbooks;
    private final Executions executions;
    private final RunbookRunner runner;
    private final JsonText json;

    ExecutionController(
            TransactionOperations<Connection> tx,
            IncidentRepository incidents,
            RunbookRepository runbooks,
            Executions executions,
            RunbookRunner runner,
            JsonText json) {
        this.tx = tx;
        this.incidents = incidents;
        this.runbooks = runbooks;
        this.executions = executions;
        this.runner = runner;
        this.json = json;
    }

    @Get
    ListView<ExecutionView> list(AccountId account, String id, PageRequest page) {
        UUID incidentId = incidentId(id);
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account.value(), incidentId, false).orElseThrow(() -> ApiException.notFound("incident"));
            return ListView.of(
                    executions.forIncident(c, account.value(), incidentId, page.limit(), page.offset()),
                    executions.countForIncident(c, account.value(), incidentId),
                    page);
        });
    }

    @Post(value = "/{runbookId}/executions", consumes = MediaType.ALL)
    HttpResponse<ExecutionView> start(AccountId account, String id, String runbookId, @Nullable @Body String body) {
        UUID incidentId = incidentId(id);
        UUID rbId = RunbookController.parse(runbookId);
        String actor = "api";
        if (body != null && !body.isBlank()) {
            JsonFields f = JsonFields.parse(json.mapper(), body);
            f.rejectUnknown(Set.of("actor"));
            String given = f.string("actor", 200, false);
            f.validate();
            actor = given == null ? actor : given;
        }
        String who = actor;
        UUID executionId = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            var incident = incidents
                    .find(c, account.value(), incidentId, true)
                    .orElseThrow(() -> ApiException.notFound("incident"));
            if (!incident.status().isOpen()) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "runbooks run on open incidents; this one is "
                                + incident.status().wire());
            }
            Runbook runbook =
                    runbooks.find(c, account.value(), rbId, false).orElseThrow(() -> ApiException.notFound("runbook"));
            return runner.start(c, account.value(), incidentId, runbook, "manual", who);
        });
        runner.advanceQuietly(account.value(), executionId);
        return HttpResponse.created(read(account, executionId));
    }

    @Post(value = "/executions/{executionId}/steps/{stepId}", consumes = MediaType.ALL)
    ExecutionView act(AccountId account, String id, String executionId, String stepId, @Nullable @Body String body) {
        UUID incidentId = incidentId(id);
        UUID execId = executionId(executionId);
        JsonFields f = JsonFields.parse(json.mapper(), body);
        f.rejectUnknown(Set.of("action", "note", "actor"));
        String action = f.string("action", 20, true);
        if (action != null && !action.equals("complete") && !action.equals("skip")) {
            f.error("action", "must be complete or skip");
        }
        String note = f.string("note", RunbookRequests.TEXT_MAX, false);
        String given = f.string("actor", 200, false);
        f.validate();
        String actor = given == null ? "api" : given;
        tx.executeWrite(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account.value(), incidentId, false).orElseThrow(() -> ApiException.notFound("incident"));
            Executions.Row exec = executions
                    .lock(c, account.value(), execId)
                    .filter(e -> e.incidentId().equals(incidentId))
                    .orElseThrow(() -> ApiException.notFound("execution"));
            ExecutionView.Step step = executions.steps(c, account.value(), execId).stream()
                    .filter(s -> s.id().equals(stepId))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("step"));
            String target;
            if (action.equals("complete")) {
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
            if (note != null) {
                output.put("note", note);
            }
            executions.setStep(
                    c,
                    account.value(),
                    execId,
                    step.position(),
                    target,
                    output.isEmpty() ? null : output,
                    step.attempts(),
                    actor);
            runner.stepEntry(c, account.value(), exec, step, target, output.isEmpty() ? null : output);
            if (exec.status().equals("failed")) {
                executions.setStatus(c, account.value(), execId, "running");
            }
            return null;
        });
        runner.advanceQuietly(account.value(), execId);
        return read(account, execId);
    }

    private ExecutionView read(AccountId account, UUID executionId) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            Executions.Row row =
                    executions.find(c, account.value(), executionId).orElseThrow();
            return Executions.view(row, executions.steps(c, account.value(), executionId));
        });
    }

    private static UUID incidentId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("incident");
        }
    }

    private static UUID executionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("execution");
        }
    }
}
