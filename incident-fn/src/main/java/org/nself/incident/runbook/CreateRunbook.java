package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/** Stores a new runbook (version 1), within the per-account limit. */
@Singleton
record CreateRunbook(TransactionOperations<Connection> tx, Runbooks runbooks) {
    Runbook create(String account, RunbookRequest d) {
        return tx.executeWrite(status -> {
            if (runbooks.count(account) >= RunbookRepository.MAX_PER_ACCOUNT) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "an account holds at most " + RunbookRepository.MAX_PER_ACCOUNT + " runbooks");
            }
            return runbooks.store(
                    account,
                    new Runbook(
                            UUID.randomUUID(),
                            d.name(),
                            d.description() == null ? "" : d.description(),
                            d.applicability(),
                            d.steps(),
                            d.enabled() == null || d.enabled(),
                            1,
                            null,
                            null));
        });
    }
}
