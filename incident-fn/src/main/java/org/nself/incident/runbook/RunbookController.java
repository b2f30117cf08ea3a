package org.nself.incident.runbook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.PathIds;
import org.nself.shared.json.JsonRequests;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Runbook definitions: create, list, read, change (a new version), delete. */
@Controller("/api/v1/runbooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
record RunbookController(
        JsonRequests requests,
        OutboundPolicy outbound,
        Runbooks runbooks,
        CreateRunbook createRunbook,
        ChangeRunbook changeRunbook,
        DeleteRunbook deleteRunbook) {
    @Post(consumes = MediaType.ALL)
    HttpResponse<Runbook.View> create(AccountId account, @Nullable @Body String body) {
        RunbookRequest request = requests.read(body, f -> RunbookRequest.read(f, outbound, true));
        return HttpResponse.created(
                createRunbook.create(account.value(), request).view());
    }

    @Get
    ListView<Runbook.View> list(AccountId account, PageRequest page) {
        return ListView.of(
                runbooks.list(account.value(), page.limit(), page.offset()).stream()
                        .map(Runbook::view)
                        .toList(),
                runbooks.count(account.value()),
                page);
    }

    @Get("/{id}")
    Runbook.View get(AccountId account, String id) {
        return runbooks.find(account.value(), parse(id))
                .orElseThrow(() -> ApiException.notFound("runbook"))
                .view();
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    Runbook.View patch(AccountId account, String id, @Nullable @Body String body) {
        UUID runbookId = parse(id);
        RunbookRequest request = requests.read(body, f -> RunbookRequest.read(f, outbound, false));
        return changeRunbook.change(account.value(), runbookId, request).view();
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, String id) {
        deleteRunbook.delete(account.value(), parse(id));
        return HttpResponse.noContent();
    }

    static UUID parse(String id) {
        return PathIds.uuid(id, "runbook");
    }
}
