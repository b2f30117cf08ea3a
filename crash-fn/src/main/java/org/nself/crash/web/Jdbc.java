package org.nself.crash.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.nself.shared.jdbc.DatabaseFailure;

/**
 * The former JDBC conveniences of this module, now each a call of {@link org.nself.shared.jdbc.Jdbc}:
 * kept only while the ingest, group, stats and alert delivery code still call them; new code uses
 * shared's directly. The {@code throws SQLException} stays so those callers compile unchanged; a
 * failure arrives as shared's {@link DatabaseFailure}.
 */
@Deprecated
public final class Jdbc {
    private Jdbc() {}

    /** Maps one row. */
    @FunctionalInterface
    public interface Row<T> extends org.nself.shared.jdbc.Jdbc.Row<T> {}

    /** {@code sql} is a {@code SELECT count(*) …}; answers the count. */
    public static long count(Connection c, String sql, List<Object> params) throws SQLException {
        return org.nself.shared.jdbc.Jdbc.count(c, sql, params.toArray());
    }

    public static <T> List<T> query(Connection c, String sql, List<Object> params, Row<T> row) throws SQLException {
        return org.nself.shared.jdbc.Jdbc.query(c, sql, row, params.toArray());
    }

    public static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        org.nself.shared.jdbc.Jdbc.bind(statement, params);
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        return org.nself.shared.jdbc.Jdbc.instant(r, column);
    }

    public static Long nullableLong(ResultSet r, String column) throws SQLException {
        return org.nself.shared.jdbc.Jdbc.nullableLong(r, column);
    }

    public static List<String> strings(ResultSet r, String column) throws SQLException {
        return org.nself.shared.jdbc.Jdbc.strings(r, column);
    }

    /** The one unchecked form of a database failure. */
    public static RuntimeException failure(SQLException e) {
        return new DatabaseFailure(e);
    }
}
