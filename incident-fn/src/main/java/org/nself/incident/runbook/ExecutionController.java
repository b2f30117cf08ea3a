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
import java.util.UUID;
import org.nself.shared.error.PathIds;
import org.nself.shared.json.JsonRequests;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Runbook executions on an incident: start one, list them with step states, complete or skip a step. */
@Controller("/api/v1/incidents/{id}/runbooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
record ExecutionController(
        JsonRequests requests, StartExecution startExecution, ActOnStep actOnStep, ExecutionQueries queries) {
    @Get
    ListView<ExecutionView> list(AccountId account, String id, PageRequest page) {
        return queries.forIncident(account.value(), incidentId(id), page);
    }

    @Post(value = "/{runbookId}/executions", consumes = MediaType.ALL)
    HttpResponse<ExecutionView> start(AccountId account, String id, String runbookId, @Nullable @Body String body) {
        UUID incidentId = incidentId(id);
        UUID rbId = RunbookController.parse(runbookId);
        ExecutionRequests.Start request = body == null || body.isBlank()
                ? ExecutionRequests.Start.ANONYMOUS
                : requests.read(body, ExecutionRequests.Start::read);
        UUID executionId = startExecution.start(account.value(), incidentId, rbId, request.actor());
        return HttpResponse.created(queries.get(account.value(), executionId));
    }

    @Post(value = "/executions/{executionId}/steps/{stepId}", consumes = MediaType.ALL)
    ExecutionView act(AccountId account, String id, String executionId, String stepId, @Nullable @Body String body) {
        UUID incidentId = incidentId(id);
        UUID execId = executionId(executionId);
        ExecutionRequests.StepAction action = requests.read(body, ExecutionRequests.StepAction::read);
        actOnStep.act(account.value(), incidentId, execId, stepId, action);
        return queries.get(account.value(), execId);
    }

    private static UUID incidentId(String id) {
        return PathIds.uuid(id, "incident");
    }

    private static UUID executionId(String id) {
        return PathIds.uuid(id, "execution");
    }
}
