package org.nself.shared.health;

import java.util.function.BooleanSupplier;

/**
 * Something the process needs running to do its work (a writer thread). Beans of this type are
 * collected by {@code /health}, which answers 503 while any of them is not alive, so the container
 * runtime restarts a process that can no longer ingest instead of leaving it up and useless.
 *
 * @param name a short name for the health answer, e.g. {@code crash-report-writer}
 * @param check whether it is running now
 */
public record Liveness(String name, BooleanSupplier check) {
    public boolean alive() {
        return check.getAsBoolean();
    }
}
