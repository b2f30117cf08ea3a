package org.nself.crash.project;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.nself.crash.web.Jdbc;

/** DSN keys per account; the key lookup is the one read that names the account rather than filtering by it. */
@Singleton
public final class ProjectRepository {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TransactionOperations<Connection> transactions;

    ProjectRepository(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    record Row(long id, String name, String publicKey, Instant createdAt) {}

    Row create(String account, String name) {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String publicKey = HexFormat.of().formatHex(key);
        return transactions.executeWrite(status -> {
            try (PreparedStatement insert = status.getConnection()
                    .prepareStatement("INSERT INTO np_crash_projects"
                            + " (source_account_id, name, public_key) VALUES (?, ?, ?) RETURNING id, created_at")) {
                insert.setString(1, account);
                insert.setString(2, name);
                insert.setString(3, publicKey);
                try (ResultSet r = insert.executeQuery()) {
                    r.next();
                    return new Row(r.getLong(1), name, publicKey, Jdbc.instant(r, "created_at"));
                }
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    List<Row> list(String account, int limit, long offset) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection()
                    .prepareStatement("SELECT id, name, public_key, created_at"
                            + " FROM np_crash_projects WHERE source_account_id = ? ORDER BY id LIMIT ? OFFSET ?")) {
                select.setString(1, account);
                select.setInt(2, limit);
                select.setLong(3, offset);
                List<Row> rows = new ArrayList<>();
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        rows.add(row(r));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    long count(String account) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection()
                    .prepareStatement("SELECT count(*) FROM np_crash_projects WHERE source_account_id = ?")) {
                select.setString(1, account);
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    Optional<Row> find(String account, long id) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection()
                    .prepareStatement("SELECT id, name, public_key, created_at"
                            + " FROM np_crash_projects WHERE source_account_id = ? AND id = ?")) {
                select.setString(1, account);
                select.setLong(2, id);
                try (ResultSet r = select.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    boolean delete(String account, long id) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement delete = status.getConnection()
                    .prepareStatement("DELETE FROM np_crash_projects WHERE source_account_id = ? AND id = ?")) {
                delete.setString(1, account);
                delete.setLong(2, id);
                return delete.executeUpdate() == 1;
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    /** The project a DSN public key belongs to. */
    public Optional<Project> byKey(String publicKey) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection()
                    .prepareStatement(
                            "SELECT source_account_id, id, public_key FROM np_crash_projects WHERE public_key = ?")) {
                select.setString(1, publicKey);
                try (ResultSet r = select.executeQuery()) {
                    return r.next()
                            ? Optional.of(new Project(r.getString(1), r.getLong(2), r.getString(3)))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw Jdbc.failure(e);
            }
        });
    }

    private static Row row(ResultSet r) throws SQLException {
        return new Row(r.getLong("id"), r.getString("name"), r.getString("public_key"), Jdbc.instant(r, "created_at"));
    }
}
