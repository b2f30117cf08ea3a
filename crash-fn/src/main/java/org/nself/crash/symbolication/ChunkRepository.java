package org.nself.crash.symbolication;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.tenancy.AccountId;

/**
 * The chunks of sentry-cli uploads ({@code np_crash_upload_chunks}) and which symbol file an assembled
 * checksum became ({@code np_crash_dif_assemblies}); every statement is filtered by the account.
 */
@Singleton
record ChunkRepository(TransactionOperations<Connection> transactions) {

    /** Stores verified chunks (a chunk already there is kept, its time renewed, and it counts as pending again). */
    void save(AccountId account, Map<String, byte[]> chunks) {
        transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            for (Map.Entry<String, byte[]> chunk : chunks.entrySet()) {
                Jdbc.update(
                        c,
                        "INSERT INTO np_crash_upload_chunks (source_account_id, checksum, size_bytes, content)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (source_account_id, checksum)"
                                + " DO UPDATE SET created_at = now(), assembled = false",
                        account.value(),
                        chunk.getKey(),
                        chunk.getValue().length,
                        chunk.getValue());
            }
            return null;
        });
    }

    /** Deletes the account's chunks older than {@code age}; then the bytes of those no file was assembled from. */
    long expireAndMeasure(AccountId account, Duration age) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            Jdbc.update(
                    c,
                    "DELETE FROM np_crash_upload_chunks WHERE source_account_id = ?"
                            + " AND created_at < now() - make_interval(secs => ?)",
                    account.value(),
                    (double) age.toSeconds());
            return Jdbc.count(
                    c,
                    "SELECT coalesce(sum(size_bytes), 0) FROM np_crash_upload_chunks"
                            + " WHERE source_account_id = ? AND NOT assembled",
                    account.value());
        });
    }

    /** The size of each of {@code checksums} the account holds; absent ones are missing. */
    Map<String, Integer> sizes(AccountId account, Collection<String> checksums) {
        if (checksums.isEmpty()) {
            return Map.of();
        }
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            Map<String, Integer> found = new HashMap<>();
            Jdbc.query(
                            c,
                            "SELECT checksum, size_bytes FROM np_crash_upload_chunks"
                                    + " WHERE source_account_id = ? AND checksum = ANY (?)",
                            r -> Map.entry(r.getString(1), r.getInt(2)),
                            account.value(),
                            Jdbc.call(() -> c.createArrayOf("varchar", new HashSet<>(checksums).toArray())))
                    .forEach(e -> found.put(e.getKey(), e.getValue()));
            return found;
        });
    }

    /** The chunks in order, joined into one array of {@code totalBytes}; empty when one is gone meanwhile. */
    Optional<byte[]> join(AccountId account, List<String> checksums, long totalBytes) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            byte[] out = new byte[Math.toIntExact(totalBytes)];
            int at = 0;
            for (String checksum : checksums) {
                Optional<byte[]> content = Jdbc.one(
                        c,
                        "SELECT content FROM np_crash_upload_chunks WHERE source_account_id = ? AND checksum = ?",
                        r -> r.getBytes(1),
                        account.value(),
                        checksum);
                if (content.isEmpty() || content.get().length > out.length - at) {
                    return Optional.empty();
                }
                System.arraycopy(content.get(), 0, out, at, content.get().length);
                at += content.get().length;
            }
            return at == out.length ? Optional.of(out) : Optional.<byte[]>empty();
        });
    }

    /** Marks the chunks a stored file was assembled from: kept until they expire, off the account's cap. */
    void markAssembled(AccountId account, Set<String> checksums) {
        if (checksums.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            return Jdbc.update(
                    c,
                    "UPDATE np_crash_upload_chunks SET assembled = true"
                            + " WHERE source_account_id = ? AND checksum = ANY (?)",
                    account.value(),
                    Jdbc.call(() -> c.createArrayOf("varchar", checksums.toArray())));
        });
    }

    /** The symbol file a whole-file checksum became, while that file is stored. */
    Optional<UUID> assembled(AccountId account, String checksum) {
        return transactions.executeRead(status -> Jdbc.one(
                status.getConnection(),
                "SELECT file_id FROM np_crash_dif_assemblies WHERE source_account_id = ? AND checksum = ?",
                r -> Jdbc.uuid(r, "file_id"),
                account.value(),
                checksum));
    }

    void recordAssembled(AccountId account, String checksum, UUID fileId) {
        transactions.executeWrite(status -> Jdbc.update(
                status.getConnection(),
                "INSERT INTO np_crash_dif_assemblies (source_account_id, checksum, file_id)"
                        + " SELECT ?, ?, id FROM np_crash_symbol_files WHERE source_account_id = ? AND id = ?"
                        + " ON CONFLICT (source_account_id, checksum) DO UPDATE SET file_id = EXCLUDED.file_id",
                account.value(),
                checksum,
                account.value(),
                fileId));
    }
}
