package org.nself.shared.jdbc;

import java.sql.SQLException;

/**
 * A statement failed. The one unchecked form of an {@link SQLException}: the cause keeps its SQL
 * state, so the shared error handler still tells a lost database (503 DATABASE_ERROR with
 * Retry-After) and a value the database refused (400) from a fault (500).
 */
public final class DatabaseFailure extends RuntimeException {
    public DatabaseFailure(SQLException cause) {
        super("database statement failed: " + cause.getMessage(), cause);
    }

    /** The SQL state of the failed statement (e.g. {@code 23505}); null when the driver gave none. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
