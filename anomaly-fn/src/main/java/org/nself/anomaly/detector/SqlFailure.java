package org.nself.anomaly.detector;

import java.sql.SQLException;

/** A statement failed; the cause keeps the SQL state (connection loss answers 503). */
public final class SqlFailure extends RuntimeException {
    public SqlFailure(SQLException cause) {
        super("database statement failed: " + cause.getMessage(), cause);
    }
}
