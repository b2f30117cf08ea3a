package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.incident.lifecycle.IncidentPages;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** The execution reads of the API, each in one read-only transaction. */
@Singleton
record ExecutionQueries(TransactionOperations<Connection> tx, IncidentPages pages, Executions executions) {
    ListView<ExecutionView> forIncident(String account, UUID incidentId, PageRequest page) {
        return pages.read(account, incidentId, page, executions::forIncident, executions::countForIncident);
    }

    /** An execution that exists (the caller has just written it) with its steps. */
    ExecutionView get(String account, UUID executionId) {
        return tx.executeRead(status -> executions.find(status.getConnection(), account, executionId))
                .orElseThrow();
    }
}
