package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;

/** Applies a PATCH to a runbook under its row lock: a new version, recorded as it now is. */
@Singleton
record ChangeRunbook(TransactionOperations<Connection> tx, Runbooks runbooks) {
    Runbook change(String account, UUID id, RunbookRequest d) {
        return tx.executeWrite(status -> {
            Runbook r = runbooks.lock(account, id).orElseThrow(() -> ApiException.notFound("runbook"));
            return runbooks.store(
                    account,
                    new Runbook(
                            r.id(),
                            d.name() != null ? d.name() : r.name(),
                            d.description() != null ? d.description() : r.description(),
                            d.applicability(r.applicability()),
                            d.steps() != null ? d.steps() : r.steps(),
                            d.enabled() != null ? d.enabled() : r.enabled(),
                            r.version(),
                            r.createdAt(),
                            r.updatedAt()));
        });
    }
}
