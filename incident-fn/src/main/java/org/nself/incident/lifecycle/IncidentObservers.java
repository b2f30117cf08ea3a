package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells every {@link IncidentObserver} of an opened or changed incident, in the change's transaction,
 * and reads the incident again: observers may append to its timeline, which moves its last seq.
 */
@Singleton
record IncidentObservers(IncidentRepository incidents, List<IncidentObserver> observers) {
    /** {@code before} is null for a new incident. */
    Changed tell(Connection c, String account, Incident before, Incident after, String actor) {
        List<Runnable> work = new ArrayList<>();
        for (IncidentObserver observer : observers) {
            work.add(observer.changed(c, account, before, after, actor));
        }
        return new Changed(incidents.find(c, account, after.id()).orElseThrow(), true, work);
    }
}
