package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** The execution reads of the API, each in one read-only transaction. */
@Singleton
record ExecutionQueries(TransactionOperations<Connection> tx, IncidentRepository incidents, Executions executions) {
    ListView<ExecutionView> forIncident(String account, UUID incidentId, PageRequest page) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            return ListView.of(
                    executions.forIncident(c, account, incidentId, page.limit(), page.offset()),
                    executions.countForIncident(c, account, incidentId),
                    page);
        });
    }

    /** An execution that exists (the caller has just written it) with its steps. */
    ExecutionView get(String account, UUID executionId) {
        return tx.executeRead(status -> executions.find(status.getConnection(), account, executionId))
                .orElseThrow();
    }
}
