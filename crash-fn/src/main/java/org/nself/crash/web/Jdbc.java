package org.nself.crash.web;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Binding and reading conveniences for the plain-JDBC repositories of this module. */
public final class Jdbc {
    private Jdbc() {}

    /** Maps one row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    /** {@code sql} is a {@code SELECT count(*) …}; answers the count. */
    public static long count(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement count = c.prepareStatement(sql)) {
            bind(count, params);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public static <T> List<T> query(Connection c, String sql, List<Object> params, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(sql)) {
            bind(select, params);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(row.map(r));
                }
            }
        }
        return rows;
    }

    public static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                statement.setObject(i + 1, p);
            }
        }
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Long nullableLong(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    public static List<String> strings(ResultSet r, String column) throws SQLException {
        Array array = r.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    /** Wraps a checked database failure; the shared handler maps a lost connection to 503. */
    public static RuntimeException failure(SQLException e) {
        return new DatabaseFailure(e);
    }

    static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
