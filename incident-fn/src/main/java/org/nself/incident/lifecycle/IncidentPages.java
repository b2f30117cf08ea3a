package org.nself.incident.lifecycle;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/**
 * A page of what one incident holds (its timeline, its runbook executions) and their total, read in
 * one read-only transaction; 404 when the account has no such incident, rather than an empty page.
 */
@Singleton
public record IncidentPages(TransactionOperations<Connection> tx, IncidentRepository incidents) {
    /** Reads a page of an incident's rows. */
    @FunctionalInterface
    public interface Rows<T> {
        List<T> list(Connection c, String account, UUID incidentId, int limit, long offset);
    }

    /** Counts an incident's rows. */
    @FunctionalInterface
    public interface Count {
        long count(Connection c, String account, UUID incidentId);
    }

    public <T> ListView<T> read(String account, UUID incidentId, PageRequest page, Rows<T> rows, Count count) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            incidents.find(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            return ListView.of(
                    rows.list(c, account, incidentId, page.limit(), page.offset()),
                    count.count(c, account, incidentId),
                    page);
        });
    }
}
