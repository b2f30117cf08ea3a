package org.nself.incident.lifecycle;

import java.sql.Connection;

/**
 * Told of every opened or changed incident inside the change's transaction (e.g. runbooks that start
 * to match). What it returns runs after the commit (e.g. HTTP steps, never inside a transaction).
 */
public interface IncidentObserver {
    /** {@code before} is null for a new incident. */
    Runnable changed(Connection c, String account, Incident before, Incident after, String actor);
}
