package org.nself.shared.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a lost database (answered 503, retried by the client) from a real fault. */
public final class DatabaseFailures {
    private DatabaseFailures() {}

    /**
     * For a value the database refused as data (SQLState class 22), what is wrong with it in words a
     * client can act on, naming no table, column or internal; empty for any other failure.
     */
    public static java.util.Optional<String> refusedValue(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return java.util.Optional.of(
                        switch (sql.getSQLState()) {
                            case "22021", "22P05" -> "a text value holds a NUL character or invalid Unicode";
                            case "22008", "22007" -> "a timestamp is out of the supported range";
                            case "22003" -> "a number is out of the range of its field";
                            case "22001" -> "a value is longer than its field allows";
                            case "22P02" -> "a value has an invalid format";
                            default -> "a value cannot be stored";
                        });
            }
        }
        return java.util.Optional.empty();
    }

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
