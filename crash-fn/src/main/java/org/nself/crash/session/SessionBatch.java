package org.nself.crash.session;

import java.util.List;

/** What one request carried: individual updates and/or aggregates. */
public record SessionBatch(List<SessionUpdate> updates, List<SessionAggregate> aggregates) {
    public SessionBatch {
        updates = List.copyOf(updates);
        aggregates = List.copyOf(aggregates);
    }
}
