package org.nself.shared.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a lost database (answered 503, retried by the client) from a real fault. */
public final class DatabaseFailures {
    private DatabaseFailures() {}

    /** Connection-class failures: SQLState class 08, server shutting down (57P0x), pool time-outs. */
    public static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof io.micronaut.data.connection.exceptions.ConnectionException
                    || t instanceof io.micronaut.transaction.exceptions.CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (t instanceof SQLException && String.valueOf(t.getMessage()).contains("Connection is closed")) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
