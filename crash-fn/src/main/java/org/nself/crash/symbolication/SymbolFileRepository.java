package org.nself.crash.symbolication;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The symbol file tables; every statement is filtered by the account. */
@Singleton
class SymbolFileRepository {
    private static final String FILE_COLUMNS = "id, format, file_name, size_bytes, sha256, created_at";

    private final TransactionOperations<Connection> transactions;

    SymbolFileRepository(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** The result of a save: the stored file and whether this call created it (false: same bytes already stored). */
    record Saved(SymbolFileView file, boolean created) {}

    /** Where the newest file for a debug id is. */
    record StoredRef(UUID fileId, SymbolFormat format) {}

    Saved save(
            AccountId account,
            SymbolFormat format,
            String fileName,
            byte[] content,
            String sha256,
            List<SymbolIdentity> identities) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try {
                UUID id = UUID.randomUUID();
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_symbol_files"
                        + " (source_account_id, id, format, file_name, size_bytes, sha256) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (source_account_id, sha256) DO NOTHING")) {
                    insert.setString(1, account.value());
                    insert.setObject(2, id);
                    insert.setString(3, format.wire());
                    insert.setString(4, fileName);
                    insert.setLong(5, content.length);
                    insert.setString(6, sha256);
                    if (insert.executeUpdate() == 0) {
                        UUID existing = existingId(c, account, sha256);
                        return new Saved(find(c, account, existing).orElseThrow(), false);
                    }
                }
                try (PreparedStatement blob = c.prepareStatement("INSERT INTO np_crash_symbol_file_contents"
                        + " (source_account_id, file_id, content) VALUES (?, ?, ?)")) {
                    blob.setString(1, account.value());
                    blob.setObject(2, id);
                    blob.setBytes(3, content);
                    blob.executeUpdate();
                }
                try (PreparedStatement ids = c.prepareStatement("INSERT INTO np_crash_symbol_debug_ids"
                        + " (source_account_id, debug_id, file_id, code_id, arch, debug_file) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    for (SymbolIdentity identity : identities) {
                        ids.setString(1, account.value());
                        ids.setString(2, identity.debugId().value());
                        ids.setObject(3, id);
                        ids.setString(4, clip(identity.codeId(), 128));
                        ids.setString(5, clip(identity.arch(), 32));
                        ids.setString(6, clip(identity.debugFile(), 1024));
                        ids.addBatch();
                    }
                    ids.executeBatch();
                }
                // reports waiting for these debug ids are symbolicated again (the ingest package's
                // ResymbolicationJob); queued in this transaction, so an upload is never without it
                try (PreparedStatement queue = c.prepareStatement("INSERT INTO np_crash_resymbolication_queue"
                        + " (source_account_id, debug_id) SELECT ?, unnest(?::varchar[])"
                        + " ON CONFLICT (source_account_id, debug_id) DO UPDATE SET queued_at = now(),"
                        + " not_before = now(), after_report_id = 0")) {
                    queue.setString(1, account.value());
                    queue.setArray(
                            2,
                            c.createArrayOf(
                                    "varchar",
                                    identities.stream()
                                            .map(identity -> identity.debugId().value())
                                            .distinct()
                                            .toArray()));
                    queue.executeUpdate();
                }
                return new Saved(find(c, account, id).orElseThrow(), true);
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    /** Files that can symbolicate {@code debugId} (all files when null). */
    private static final String FILTER = " WHERE f.source_account_id = ? AND (CAST(? AS VARCHAR) IS NULL OR EXISTS"
            + " (SELECT 1 FROM np_crash_symbol_debug_ids d WHERE d.source_account_id = f.source_account_id"
            + " AND d.debug_id = ? AND d.file_id = f.id))";

    List<SymbolFileView> list(AccountId account, DebugId debugId, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement q = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM np_crash_symbol_files f"
                    + FILTER + " ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?")) {
                filter(q, account, debugId);
                q.setInt(4, page.limit());
                q.setLong(5, page.offset());
                List<FileRow> rows = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(fileRow(rs));
                    }
                }
                Map<UUID, List<SymbolFileView.DebugIdView>> ids =
                        debugIds(c, account, rows.stream().map(FileRow::id).toList());
                return rows.stream()
                        .map(r -> r.view(ids.getOrDefault(r.id(), List.of())))
                        .toList();
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    long count(AccountId account, DebugId debugId) {
        return transactions.executeRead(status -> {
            try (PreparedStatement q =
                    status.getConnection().prepareStatement("SELECT count(*) FROM np_crash_symbol_files f" + FILTER)) {
                filter(q, account, debugId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    Optional<SymbolFileView> find(AccountId account, UUID id) {
        return transactions.executeRead(status -> {
            try {
                return find(status.getConnection(), account, id);
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    /** Deletes the file, its bytes and its debug ids; the debug ids it served, or empty when there was no such file. */
    Optional<List<DebugId>> delete(AccountId account, UUID id) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            try {
                Optional<SymbolFileView> file = find(c, account, id);
                if (file.isEmpty()) {
                    return Optional.empty();
                }
                try (PreparedStatement d = c.prepareStatement(
                        "DELETE FROM np_crash_symbol_files WHERE source_account_id = ? AND id = ?")) {
                    d.setString(1, account.value());
                    d.setObject(2, id);
                    d.executeUpdate();
                }
                return Optional.of(file.get().debugIds().stream()
                        .map(v -> new DebugId(v.debugId()))
                        .toList());
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    /** For each debug id that has a file, the newest one. */
    Map<DebugId, StoredRef> newestFiles(AccountId account, Collection<DebugId> debugIds) {
        if (debugIds.isEmpty()) {
            return Map.of();
        }
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT ON (d.debug_id) d.debug_id, f.id, f.format"
                    + " FROM np_crash_symbol_debug_ids d JOIN np_crash_symbol_files f"
                    + " ON f.source_account_id = d.source_account_id AND f.id = d.file_id"
                    + " WHERE d.source_account_id = ? AND d.debug_id = ANY (?)"
                    + " ORDER BY d.debug_id, f.created_at DESC, f.id DESC")) {
                Array array = c.createArrayOf(
                        "varchar",
                        debugIds.stream().map(DebugId::value).distinct().toArray());
                q.setString(1, account.value());
                q.setArray(2, array);
                Map<DebugId, StoredRef> found = new HashMap<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.put(
                                new DebugId(rs.getString(1)),
                                new StoredRef(rs.getObject(2, UUID.class), SymbolFormat.fromWire(rs.getString(3))));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    Optional<byte[]> content(AccountId account, UUID fileId) {
        return transactions.executeRead(status -> {
            try (PreparedStatement q = status.getConnection()
                    .prepareStatement("SELECT content FROM np_crash_symbol_file_contents"
                            + " WHERE source_account_id = ? AND file_id = ?")) {
                q.setString(1, account.value());
                q.setObject(2, fileId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            } catch (SQLException e) {
                throw new SymbolStoreException(e);
            }
        });
    }

    private static void filter(PreparedStatement q, AccountId account, DebugId debugId) throws SQLException {
        q.setString(1, account.value());
        q.setString(2, debugId == null ? null : debugId.value());
        q.setString(3, debugId == null ? null : debugId.value());
    }

    private static Optional<SymbolFileView> find(Connection c, AccountId account, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + FILE_COLUMNS + " FROM np_crash_symbol_files WHERE source_account_id = ? AND id = ?")) {
            q.setString(1, account.value());
            q.setObject(2, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                FileRow row = fileRow(rs);
                return Optional.of(row.view(debugIds(c, account, List.of(id)).getOrDefault(id, List.of())));
            }
        }
    }

    private static UUID existingId(Connection c, AccountId account, String sha256) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT id FROM np_crash_symbol_files WHERE source_account_id = ? AND sha256 = ?")) {
            q.setString(1, account.value());
            q.setString(2, sha256);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("symbol file vanished during upload", "40001");
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static Map<UUID, List<SymbolFileView.DebugIdView>> debugIds(
            Connection c, AccountId account, List<UUID> fileIds) throws SQLException {
        if (fileIds.isEmpty()) {
            return Map.of();
        }
        try (PreparedStatement q = c.prepareStatement("SELECT file_id, debug_id, code_id, arch, debug_file"
                + " FROM np_crash_symbol_debug_ids WHERE source_account_id = ? AND file_id = ANY (?)"
                + " ORDER BY file_id, debug_id")) {
            q.setString(1, account.value());
            q.setArray(2, c.createArrayOf("uuid", fileIds.toArray()));
            Map<UUID, List<SymbolFileView.DebugIdView>> out = new LinkedHashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new SymbolFileView.DebugIdView(
                                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        }
    }

    private static FileRow fileRow(ResultSet rs) throws SQLException {
        return new FileRow(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private record FileRow(UUID id, String format, String fileName, long size, String sha256, Instant createdAt) {
        SymbolFileView view(List<SymbolFileView.DebugIdView> ids) {
            return new SymbolFileView(id, format, fileName, size, sha256, createdAt, List.copyOf(ids));
        }
    }

    /** A SQL failure, kept as the cause so that a lost database still answers 503. */
    static final class SymbolStoreException extends RuntimeException {
        SymbolStoreException(SQLException cause) {
            super("symbol file storage failed", cause);
        }
    }
}
