package org.nself.crash.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.RecordRows;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The account's sessions newest first, read in one transaction. */
@Singleton
record ListSessions(TransactionOperations<Connection> transactions) {
    private static final RecordRows<SessionView> ROWS = RecordRows.of(SessionView.class);

    /** Which sessions: each condition applies when not null; {@code didHash} is {@link SessionParser#hashDid}'s. */
    record Filter(
            @Nullable String release,
            @Nullable String environment,
            @Nullable SessionStatus status,
            @Nullable Long didHash,
            @Nullable Instant since,
            @Nullable Instant until) {}

    @Serdeable
    record SessionView(
            String sid,
            @Nullable String didHash,
            long seq,
            boolean init,
            Instant started,
            Instant updated,
            @Nullable Double duration,
            String status,
            int errors,
            @Nullable String abnormalMechanism,
            String release,
            String environment) {}

    ListView<SessionView> list(AccountId account, Filter filter, PageRequest page) {
        SqlFilter where = SqlFilter.where("source_account_id = ?", account.value())
                .andIfPresent("release = ?", filter.release())
                .andIfPresent("environment = ?", filter.environment())
                .andIfPresent(
                        "status = ?",
                        filter.status() == null ? null : filter.status().wire())
                .andIfPresent("did_hash = ?", filter.didHash())
                .andIfPresent("started >= ?", filter.since())
                .andIfPresent("started < ?", filter.until());
        return transactions.executeRead(tx -> Jdbc.page(
                tx.getConnection(),
                "sid, lpad(to_hex(did_hash), 16, '0') AS did_hash, seq, init, started, updated, duration, status, errors,"
                        + " abnormal_mechanism, release, environment",
                "np_crash_sessions",
                where,
                "started DESC, sid",
                page,
                ROWS));
    }
}
