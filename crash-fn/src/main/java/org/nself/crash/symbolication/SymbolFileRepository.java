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
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The symbol file tables; every statement is filtered by the account. */
@Singleton
record SymbolFileRepository(TransactionOperations<Connection> transactions) {
    private static final String FILE_COLUMNS = "id, format, file_name, size_bytes, sha256, created_at";

    /** Files that can symbolicate {@code debugId} (all files when null). */
    private static final String FILTER = " WHERE f.source_account_id = ? AND (CAST(? AS VARCHAR) IS NULL OR EXISTS"
            + " (SELECT 1 FROM np_crash_symbol_debug_ids d WHERE d.source_account_id = f.source_account_id"
            + " AND d.debug_id = ? AND d.file_id = f.id))";

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
        String a = account.value();
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            UUID id = UUID.randomUUID();
            if (Jdbc.update(
                            c,
                            "INSERT INTO np_crash_symbol_files"
                                    + " (source_account_id, id, format, file_name, size_bytes, sha256)"
                                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_account_id, sha256) DO NOTHING",
                            a,
                            id,
                            format.wire(),
                            fileName,
                            (long) content.length,
                            sha256)
                    == 0) {
                UUID existing = Jdbc.one(
                                c,
                                "SELECT id FROM np_crash_symbol_files WHERE source_account_id = ? AND sha256 = ?",
                                r -> Jdbc.uuid(r, "id"),
                                a,
                                sha256)
                        .orElseThrow(() ->
                                new DatabaseFailure(new SQLException("symbol file vanished during upload", "40001")));
                return new Saved(find(c, account, existing).orElseThrow(), false);
            }
            Jdbc.update(
                    c,
                    "INSERT INTO np_crash_symbol_file_contents (source_account_id, file_id, content) VALUES (?, ?, ?)",
                    a,
                    id,
                    content);
            Jdbc.call(() -> {
                try (PreparedStatement ids = c.prepareStatement("INSERT INTO np_crash_symbol_debug_ids"
                        + " (source_account_id, debug_id, file_id, code_id, arch, debug_file) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    for (SymbolIdentity identity : identities) {
                        Jdbc.bind(
                                ids,
                                a,
                                identity.debugId().value(),
                                id,
                                clip(identity.codeId(), 128),
                                clip(identity.arch(), 32),
                                clip(identity.debugFile(), 1024));
                        ids.addBatch();
                    }
                    return ids.executeBatch();
                }
            });
            // reports waiting for these debug ids are symbolicated again (the ingest package's
            // ResymbolicationJob); queued in this transaction, so an upload is never without it
            Jdbc.update(
                    c,
                    "INSERT INTO np_crash_resymbolication_queue (source_account_id, debug_id)"
                            + " SELECT ?, unnest(?::varchar[]) ON CONFLICT (source_account_id, debug_id)"
                            + " DO UPDATE SET queued_at = now(), not_before = now(), after_report_id = 0",
                    a,
                    array(
                            c,
                            "varchar",
                            identities.stream()
                                    .map(identity -> identity.debugId().value())
                                    .distinct()
                                    .toArray()));
            return new Saved(find(c, account, id).orElseThrow(), true);
        });
    }

    List<SymbolFileView> list(AccountId account, DebugId debugId, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            List<FileRow> rows = Jdbc.query(
                    c,
                    "SELECT " + FILE_COLUMNS + " FROM np_crash_symbol_files f" + FILTER
                            + " ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?",
                    SymbolFileRepository::fileRow,
                    filter(account, debugId, page.limit(), page.offset()));
            Map<UUID, List<SymbolFileView.DebugIdView>> ids =
                    debugIds(c, account, rows.stream().map(FileRow::id).toList());
            return rows.stream()
                    .map(r -> r.view(ids.getOrDefault(r.id(), List.of())))
                    .toList();
        });
    }

    long count(AccountId account, DebugId debugId) {
        return transactions.executeRead(status -> Jdbc.count(
                status.getConnection(),
                "SELECT count(*) FROM np_crash_symbol_files f" + FILTER,
                filter(account, debugId)));
    }

    Optional<SymbolFileView> find(AccountId account, UUID id) {
        return transactions.executeRead(status -> find(status.getConnection(), account, id));
    }

    /** Deletes the file, its bytes and its debug ids; the debug ids it served, or empty when there was no such file. */
    Optional<List<DebugId>> delete(AccountId account, UUID id) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            Optional<SymbolFileView> file = find(c, account, id);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Jdbc.update(
                    c, "DELETE FROM np_crash_symbol_files WHERE source_account_id = ? AND id = ?", account.value(), id);
            return Optional.of(file.get().debugIds().stream()
                    .map(v -> new DebugId(v.debugId()))
                    .toList());
        });
    }

    /** For each debug id that has a file, the newest one. */
    Map<DebugId, StoredRef> newestFiles(AccountId account, Collection<DebugId> debugIds) {
        if (debugIds.isEmpty()) {
            return Map.of();
        }
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            Map<DebugId, StoredRef> found = new HashMap<>();
            Jdbc.query(
                            c,
                            "SELECT DISTINCT ON (d.debug_id) d.debug_id, f.id, f.format"
                                    + " FROM np_crash_symbol_debug_ids d JOIN np_crash_symbol_files f"
                                    + " ON f.source_account_id = d.source_account_id AND f.id = d.file_id"
                                    + " WHERE d.source_account_id = ? AND d.debug_id = ANY (?)"
                                    + " ORDER BY d.debug_id, f.created_at DESC, f.id DESC",
                            r -> Map.entry(
                                    new DebugId(r.getString(1)),
                                    new StoredRef(r.getObject(2, UUID.class), SymbolFormat.fromWire(r.getString(3)))),
                            account.value(),
                            array(
                                    c,
                                    "varchar",
                                    debugIds.stream()
                                            .map(DebugId::value)
                                            .distinct()
                                            .toArray()))
                    .forEach(e -> found.put(e.getKey(), e.getValue()));
            return found;
        });
    }

    Optional<byte[]> content(AccountId account, UUID fileId) {
        return transactions.executeRead(status -> Jdbc.one(
                status.getConnection(),
                "SELECT content FROM np_crash_symbol_file_contents WHERE source_account_id = ? AND file_id = ?",
                r -> r.getBytes(1),
                account.value(),
                fileId));
    }

    /** The parameters of {@link #FILTER}, then {@code after}. */
    private static Object[] filter(AccountId account, DebugId debugId, Object... after) {
        String id = debugId == null ? null : debugId.value();
        Object[] params = new Object[3 + after.length];
        params[0] = account.value();
        params[1] = id;
        params[2] = id;
        System.arraycopy(after, 0, params, 3, after.length);
        return params;
    }

    private static Optional<SymbolFileView> find(Connection c, AccountId account, UUID id) {
        return Jdbc.one(
                        c,
                        "SELECT " + FILE_COLUMNS + " FROM np_crash_symbol_files WHERE source_account_id = ? AND id = ?",
                        SymbolFileRepository::fileRow,
                        account.value(),
                        id)
                .map(row -> row.view(debugIds(c, account, List.of(id)).getOrDefault(id, List.of())));
    }

    private static Map<UUID, List<SymbolFileView.DebugIdView>> debugIds(
            Connection c, AccountId account, List<UUID> fileIds) {
        if (fileIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<SymbolFileView.DebugIdView>> out = new LinkedHashMap<>();
        Jdbc.query(
                        c,
                        "SELECT file_id, debug_id, code_id, arch, debug_file FROM np_crash_symbol_debug_ids"
                                + " WHERE source_account_id = ? AND file_id = ANY (?) ORDER BY file_id, debug_id",
                        r -> Map.entry(
                                r.getObject(1, UUID.class),
                                new SymbolFileView.DebugIdView(
                                        r.getString(2), r.getString(3), r.getString(4), r.getString(5))),
                        account.value(),
                        array(c, "uuid", fileIds.toArray()))
                .forEach(e ->
                        out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
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

    private static Array array(Connection c, String type, Object[] values) {
        return Jdbc.call(() -> c.createArrayOf(type, values));
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private record FileRow(UUID id, String format, String fileName, long size, String sha256, Instant createdAt) {
        SymbolFileView view(List<SymbolFileView.DebugIdView> ids) {
            return new SymbolFileView(id, format, fileName, size, sha256, createdAt, List.copyOf(ids));
        }
    }
}
