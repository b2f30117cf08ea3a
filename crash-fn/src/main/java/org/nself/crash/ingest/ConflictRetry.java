package org.nself.crash.ingest;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Redoes a write transaction that lost to a concurrent one: a deadlock (40P01) or a serialization
 * failure (40001) with the group locks of another batch, merge or instance. Any other failure, and the
 * last attempt's, is thrown.
 */
final class ConflictRetry {
    static final int ATTEMPTS = 5;

    private ConflictRetry() {}

    static <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (!("40P01".equals(state) || "40001".equals(state)) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The state of the first {@link SQLException} in the cause chain. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
