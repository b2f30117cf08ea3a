package org.nself.incident.lifecycle;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a use case's work in one write transaction, then the tasks it left for after the commit (HTTP
 * steps, runbook advances: never inside a transaction, and never for a change that rolled back).
 */
@Singleton
public record CommitThenRun(TransactionOperations<Connection> tx) {
    /** The work of one transaction; it adds to {@code afterCommit} what is to run once it committed. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c, List<Runnable> afterCommit);
    }

    public <T> T write(Work<T> work) {
        List<Runnable> afterCommit = new ArrayList<>();
        T result = tx.executeWrite(status -> work.run(status.getConnection(), afterCommit));
        afterCommit.forEach(Runnable::run);
        return result;
    }
}
