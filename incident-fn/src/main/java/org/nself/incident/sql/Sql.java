package org.nself.incident.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC with positional parameters, for statements that must join one transaction with row locks. */
public final class Sql {
    private Sql() {}

    /** Maps one row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    public static int update(Connection c, String sql, Object... params) {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) {
        try (PreparedStatement s = prepare(c, sql, params);
                ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.map(r));
            }
            return out;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) {
        List<T> rows = query(c, sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public static long count(Connection c, String sql, Object... params) {
        return one(c, sql, r -> r.getLong(1), params).orElse(0L);
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Whether a failure is a unique-key violation. */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                s.setNull(i + 1, Types.NULL);
            } else if (p instanceof Instant instant) {
                s.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof Enum<?> e) {
                s.setString(i + 1, e.name());
            } else {
                s.setObject(i + 1, p);
            }
        }
        return s;
    }

    /** A statement failed; the database error is the cause (a lost connection still reads as 503). */
    public static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
