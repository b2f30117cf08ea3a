package org.nself.incident.lifecycle;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.nself.incident.timeline.Timeline;
import org.nself.incident.timeline.TimelineEntry;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** The incident reads of the API, each page and its total in one read-only transaction. */
@Singleton
record IncidentQueries(
        TransactionOperations<Connection> tx, IncidentRepository incidents, IncidentPages pages, Timeline timeline) {
    ListView<IncidentView> list(String account, IncidentFilter filter, PageRequest page) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            List<IncidentView> data = incidents.list(c, account, filter, page.limit(), page.offset()).stream()
                    .map(Incident::view)
                    .toList();
            return ListView.of(data, incidents.count(c, account, filter), page);
        });
    }

    Incident get(String account, UUID id) {
        return tx.executeRead(status -> incidents.find(status.getConnection(), account, id))
                .orElseThrow(() -> ApiException.notFound("incident"));
    }

    ListView<TimelineEntry> timeline(String account, UUID incidentId, PageRequest page) {
        return pages.read(account, incidentId, page, timeline::list, timeline::count);
    }
}
