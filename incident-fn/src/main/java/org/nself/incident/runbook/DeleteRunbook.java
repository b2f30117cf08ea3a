package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.shared.error.ApiException;

/** Deletes a runbook with its version history; its past executions stay on their incidents. */
@Singleton
record DeleteRunbook(TransactionOperations<Connection> tx, Runbooks runbooks) {
    void delete(String account, UUID id) {
        if (!tx.executeWrite(status -> runbooks.delete(account, id))) {
            throw ApiException.notFound("runbook");
        }
    }
}
