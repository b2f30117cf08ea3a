package org.nself.shared.health;

/**
 * Something the process needs running to do its work (a writer thread). Beans of this type are
 * collected by {@code /health}, which answers 503 while any of them is not alive, so the container
 * runtime restarts a process that can no longer ingest instead of leaving it up and useless.
 */
public interface Liveness {
    /** A short name for the health answer, e.g. {@code crash-report-writer}. */
    String name();

    boolean alive();
}
