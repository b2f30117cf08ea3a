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
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Runbook definitions: create, list, read, change (a new version), delete. */
@Controller("/api/v1/runbooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
class RunbookController {
    private final TransactionOperations<Connection> tx;
    private final RunbookRepository runbooks;
    private final OutboundPolicy outbound;
    private final JsonText json;

    RunbookController(
            TransactionOperations<Connection> tx, RunbookRepository runbooks, OutboundPolicy outbound, JsonText json) {
        this.tx = tx;
        this.runbooks = runbooks;
        this.outbound = outbound;
        this.json = json;
    }

    @Post(consumes = MediaType.ALL)
    HttpResponse<Runbook.View> create(AccountId account, @Nullable @Body String body) {
        RunbookRequests.Definition d = RunbookRequests.read(JsonFields.parse(json.mapper(), body), outbound, true);
        Runbook created = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            if (runbooks.count(c, account.value()) >= RunbookRepository.MAX_PER_ACCOUNT) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "an account holds at most " + RunbookRepository.MAX_PER_ACCOUNT + " runbooks");
            }
            return runbooks.insert(
                    c,
                    account.value(),
                    new Runbook(
                            UUID.randomUUID(),
                            d.name(),
                            d.description() == null ? "" : d.description(),
                            d.applicability() == null
                                    ? new Applicability(java.util.List.of(), java.util.List.of(), java.util.Map.of())
                                    : d.applicability(),
                            d.steps(),
                            d.enabled() == null || d.enabled(),
                            1,
                            null,
                            null));
        });
        return HttpResponse.created(created.view());
    }

    @Get
    ListView<Runbook.View> list(AccountId account, PageRequest page) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            return ListView.of(
                    runbooks.list(c, account.value(), page.limit(), page.offset()).stream()
                            .map(Runbook::view)
                            .toList(),
                    runbooks.count(c, account.value()),
                    page);
        });
    }

    @Get("/{id}")
    Runbook.View get(AccountId account, String id) {
        return tx.executeRead(status -> runbooks.find(status.getConnection(), account.value(), parse(id), false))
                .orElseThrow(() -> ApiException.notFound("runbook"))
                .view();
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    Runbook.View patch(AccountId account, String id, @Nullable @Body String body) {
        UUID runbookId = parse(id);
        RunbookRequests.Definition d = RunbookRequests.read(JsonFields.parse(json.mapper(), body), outbound, false);
        return tx.executeWrite(status -> {
                    Connection c = status.getConnection();
                    Runbook r = runbooks.find(c, account.value(), runbookId, true)
                            .orElseThrow(() -> ApiException.notFound("runbook"));
                    return runbooks.update(
                            c,
                            account.value(),
                            new Runbook(
                                    r.id(),
                                    d.name() != null ? d.name() : r.name(),
                                    d.description() != null ? d.description() : r.description(),
                                    d.applicability() != null
                                            ? merge(r.applicability(), d.applicability(), body)
                                            : r.applicability(),
                                    d.steps() != null ? d.steps() : r.steps(),
                                    d.enabled() != null ? d.enabled() : r.enabled(),
                                    r.version(),
                                    r.createdAt(),
                                    r.updatedAt()));
                })
                .view();
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, String id) {
        UUID runbookId = parse(id);
        boolean deleted =
                tx.executeWrite(status -> runbooks.delete(status.getConnection(), account.value(), runbookId));
        if (!deleted) {
            throw ApiException.notFound("runbook");
        }
        return HttpResponse.noContent();
    }

    /** A PATCH replaces only the criteria it names. */
    private Applicability merge(Applicability old, Applicability given, String body) {
        JsonFields f = JsonFields.parse(json.mapper(), body);
        return new Applicability(
                f.has("types") ? given.types() : old.types(),
                f.has("severities") ? given.severities() : old.severities(),
                f.has("labels") ? given.labels() : old.labels());
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("runbook");
        }
    }
}
