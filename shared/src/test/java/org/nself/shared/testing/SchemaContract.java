package org.nself.shared.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a function's migrated schema from PostgreSQL's catalog, so the tenancy rules ARCHITECTURE.md states
 * ("every table has {@code source_account_id}", "indexes start with it") are checked on the real tables, not
 * on what the migration files seem to say.
 */
public final class SchemaContract {
    private SchemaContract() {}

    /** Tables whose name starts with {@code prefix} and that have no {@code source_account_id} column. */
    public static Set<String> tablesWithoutAccount(String prefix) {
        return query(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND c.relname LIKE ? || '%'
                   AND c.relname NOT LIKE '%schema\\_history'
                   AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                    AND a.attname = 'source_account_id' AND NOT a.attisdropped)""",
                prefix);
    }

    /** Indexes on tables named {@code prefix*} whose first key column is not {@code source_account_id}. */
    public static Set<String> indexesNotLeadingWithAccount(String prefix) {
        return query(
                """
                SELECT i.relname FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_class t ON t.oid = x.indrelid
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
                 WHERE n.nspname = current_schema() AND t.relname LIKE ? || '%' AND t.relname NOT LIKE '%schema\\_history'
                   AND a.attname IS DISTINCT FROM 'source_account_id'""",
                prefix);
    }

    private static Set<String> query(String sql, String prefix) {
        Set<String> names = new TreeSet<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix.replace("_", "\\_"));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** The test database that the function's context migrated at start-up. */
    private static Connection connect() throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /** For a failure message: each name with its definition. */
    public static TreeMap<String, String> definitions(Set<String> indexes) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT indexdef FROM pg_indexes WHERE indexname = ?")) {
            for (String name : indexes) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    out.put(name, rs.next() ? rs.getString(1) : "?");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
