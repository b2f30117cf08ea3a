package org.nself.shared.jdbc;

import java.sql.Array;
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
import java.util.UUID;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/**
 * Plain JDBC for the statements that must join a caller's transaction (row locks, hot paths,
 * batches): positional parameters bound by type, rows mapped by a lambda, every {@link SQLException}
 * turned into one {@link DatabaseFailure}. CRUD tables use Micronaut Data repositories instead.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Maps one row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    /** Work on JDBC objects that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs raw JDBC work (a batch, a streamed read), turning its {@link SQLException} into a {@link DatabaseFailure}. */
    public static <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Rows changed. */
    public static int update(Connection c, String sql, Object... params) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row.map(r));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The first row, if any. */
    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) {
        List<T> rows = query(c, sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * One page of {@code SELECT columns FROM table WHERE … ORDER BY orderBy} in the nself list shape,
     * with the count of every row {@code where} matches: two statements, in the caller's transaction.
     * {@code orderBy} should end in a unique column, so that pages neither repeat nor skip rows.
     */
    public static <T> ListView<T> page(
            Connection c, String columns, String table, SqlFilter where, String orderBy, PageRequest page, Row<T> row) {
        long total = count(c, "SELECT count(*) FROM " + table + where.clause(), where.params());
        List<T> rows = query(
                c,
                "SELECT " + columns + " FROM " + table + where.clause() + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?",
                row,
                where.params(page.limit(), page.offset()));
        return ListView.of(rows, total, page);
    }

    /** {@code sql} is a {@code SELECT count(*) …}; answers the count (0 without a row). */
    public static long count(Connection c, String sql, Object... params) {
        return one(c, sql, r -> r.getLong(1), params).orElse(0L);
    }

    /**
     * Binds positional parameters: null as an untyped NULL, {@link Instant} as a timestamp, an enum as
     * its name, anything else (strings, numbers, UUIDs, arrays) as the driver maps it.
     */
    public static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            set(s, i + 1, params[i]);
        }
    }

    public static void bind(PreparedStatement s, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            set(s, i + 1, params.get(i));
        }
    }

    private static void set(PreparedStatement s, int index, Object p) throws SQLException {
        if (p == null) {
            s.setNull(index, Types.NULL);
        } else if (p instanceof Instant instant) {
            s.setTimestamp(index, Timestamp.from(instant));
        } else if (p instanceof Enum<?> e) {
            s.setString(index, e.name());
        } else {
            s.setObject(index, p);
        }
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static UUID uuid(ResultSet r, String column) throws SQLException {
        return r.getObject(column, UUID.class);
    }

    public static Long nullableLong(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    public static Integer nullableInt(ResultSet r, String column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    public static Double nullableDouble(ResultSet r, String column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    /** A {@code text[]} column; empty when NULL. */
    public static List<String> strings(ResultSet r, String column) throws SQLException {
        Array array = r.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    /** Whether a failure (of JDBC or of a Micronaut Data repository) is a unique-key violation. */
    public static boolean isUniqueViolation(Throwable error) {
        return hasSqlState(error, "23505");
    }

    /** Whether an {@link SQLException} with this state is in the cause chain. */
    public static boolean hasSqlState(Throwable error, String state) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
