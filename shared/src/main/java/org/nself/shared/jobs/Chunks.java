package org.nself.shared.jobs;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.nself.shared.jdbc.Jdbc;

/**
 * Work too large for one transaction (retention deletes, rollups, backfills), done by a scheduled job
 * as a bounded run of short ones: each chunk commits on its own, so its locks are short and a failure
 * loses that chunk only, and a run stops when a chunk says nothing is left or after {@code maxChunks},
 * leaving the rest to the next tick.
 */
@Singleton
public record Chunks(TransactionOperations<Connection> transactions) {
    /** What one chunk did, and whether work may be left. */
    public record Chunk(int done, boolean more) {}

    /** One chunk of work, in its own transaction. */
    @FunctionalInterface
    public interface Work {
        Chunk run(Connection c) throws SQLException;
    }

    /** Runs chunks while one says more is left, at most {@code maxChunks}; returns the units they did. */
    public int repeat(int maxChunks, Work work) {
        int done = 0;
        for (int i = 0; i < maxChunks; i++) {
            Chunk chunk = transactions.executeWrite(status -> Jdbc.call(() -> work.run(status.getConnection())));
            done += chunk.done();
            if (!chunk.more()) {
                break;
            }
        }
        return done;
    }
}
