package org.nself.crash.minidump;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.tenancy.AccountId;

/** {@code np_crash_minidumps}: the dumps kept with their reports, per account. */
@Singleton
record MinidumpRepository(TransactionOperations<Connection> transactions) {
    /**
     * Keeps a report's dump unless the account's kept dumps would pass {@code quota} bytes; false when not
     * kept (over quota). A resend of a kept dump changes nothing. The account's dumps are summed under a
     * transaction-scoped lock per account, so concurrent uploads cannot pass the quota together.
     */
    boolean save(AccountId account, UUID eventId, byte[] dump, long quota) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            Jdbc.query(
                    c,
                    "SELECT pg_advisory_xact_lock(hashtextextended('np_crash_minidumps:' || ?, 0))",
                    r -> 1,
                    account.value());
            if (Jdbc.one(
                            c,
                            "SELECT 1 FROM np_crash_minidumps WHERE source_account_id = ? AND event_id = ?",
                            r -> 1,
                            account.value(),
                            eventId)
                    .isPresent()) {
                return true;
            }
            long used = Jdbc.count(
                    c,
                    "SELECT coalesce(sum(size_bytes), 0) FROM np_crash_minidumps WHERE source_account_id = ?",
                    account.value());
            if (used + dump.length > quota) {
                return false;
            }
            Jdbc.update(
                    c,
                    "INSERT INTO np_crash_minidumps (source_account_id, event_id, size_bytes, content) VALUES (?, ?, ?, ?)",
                    account.value(),
                    eventId,
                    (long) dump.length,
                    dump);
            return true;
        });
    }

    /** The dump of a report of group {@code groupId} (as its report list shows it). */
    Optional<byte[]> find(AccountId account, long groupId, UUID eventId) {
        return transactions.executeRead(status -> Jdbc.one(
                status.getConnection(),
                "SELECT m.content FROM np_crash_minidumps m JOIN np_crash_reports r"
                        + " ON r.source_account_id = m.source_account_id AND r.event_id = m.event_id"
                        + " WHERE m.source_account_id = ? AND m.event_id = ? AND r.group_id = ?",
                r -> r.getBytes(1),
                account.value(),
                eventId,
                groupId));
    }

    /** The dump of a report, for walking it again. */
    Optional<byte[]> find(AccountId account, UUID eventId) {
        return transactions.executeRead(status -> Jdbc.one(
                status.getConnection(),
                "SELECT content FROM np_crash_minidumps WHERE source_account_id = ? AND event_id = ?",
                r -> r.getBytes(1),
                account.value(),
                eventId));
    }
}
