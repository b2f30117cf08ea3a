package org.nself.crash.session;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.nself.crash.rollup.RollupMarks;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.tenancy.AccountId;

/**
 * Commits session updates and aggregates in one transaction. An update is upserted by sid: a later
 * {@code seq} applies only over a live ({@code ok}) session, so a late, older update changes nothing and a
 * terminal status is final against every later update. Updates with an equal {@code seq} happened at
 * once (SDKs start and end a short session within one millisecond): they merge, the status of higher
 * {@link #PRECEDENCE} and the most errors, whatever their order, and a resend of one changes nothing.
 * {@code init} is remembered whenever it arrives. An aggregate entry carries its resend key, so a resent
 * aggregates payload inserts nothing. The hours the sessions started in are marked for the rollup job.
 */
@Singleton
public record IngestSessions(TransactionOperations<Connection> transactions) {
    /** Among updates of one {@code seq}, a later status here wins: any terminal one over ok, a crash over all. */
    private static final List<SessionStatus> PRECEDENCE = List.of(
            SessionStatus.OK,
            SessionStatus.EXITED,
            SessionStatus.ERRORED,
            SessionStatus.ABNORMAL,
            SessionStatus.CRASHED);

    private static final String LATER = "(s.status = 'ok' AND EXCLUDED.seq > s.seq)";
    private static final String SAME = "EXCLUDED.seq = s.seq";
    private static final String WINS =
            "(" + LATER + " OR (" + SAME + " AND " + rank("EXCLUDED.status") + " > " + rank("s.status") + "))";
    private static final String UPSERT =
            "INSERT INTO np_crash_sessions AS s (source_account_id, sid, did_hash, seq, init,"
                    + " started, updated, duration, status, errors, abnormal_mechanism, release, environment, user_agent)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (source_account_id, sid) DO UPDATE SET"
                    + " init = s.init OR EXCLUDED.init,"
                    + " did_hash = COALESCE(s.did_hash, EXCLUDED.did_hash),"
                    + " seq = CASE WHEN " + WINS + " THEN EXCLUDED.seq ELSE s.seq END,"
                    + " updated = CASE WHEN " + WINS + " THEN EXCLUDED.updated ELSE s.updated END,"
                    + " duration = CASE WHEN " + WINS
                    + " THEN COALESCE(EXCLUDED.duration, s.duration) ELSE s.duration END,"
                    + " status = CASE WHEN " + WINS + " THEN EXCLUDED.status ELSE s.status END,"
                    + " errors = CASE WHEN " + LATER + " OR " + SAME
                    + " THEN GREATEST(s.errors, EXCLUDED.errors) ELSE s.errors END,"
                    + " abnormal_mechanism = CASE WHEN " + WINS
                    + " THEN COALESCE(EXCLUDED.abnormal_mechanism, s.abnormal_mechanism) ELSE s.abnormal_mechanism END,"
                    + " received_at = now()"
                    + " WHERE " + WINS + " OR (" + SAME + " AND EXCLUDED.errors > s.errors)"
                    + " OR (EXCLUDED.init AND NOT s.init)";
    private static final String INSERT_AGGREGATE = "INSERT INTO np_crash_session_aggregates (source_account_id,"
            + " started, did_hash, release, environment, exited, errored, abnormal, crashed, resend_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (source_account_id, started, resend_key) DO NOTHING";

    /** A status column's place in {@link #PRECEDENCE} (1-based), in SQL. */
    private static String rank(String column) {
        return PRECEDENCE.stream()
                .map(status -> "'" + status.wire() + "'")
                .collect(Collectors.joining(",", "array_position(ARRAY[", "], " + column + "::text)"));
    }

    /** Returns how many updates and aggregates were accepted (all of them: refusals are 400s earlier). */
    public int ingest(AccountId account, SessionBatch batch) {
        if (batch.updates().isEmpty() && batch.aggregates().isEmpty()) {
            return 0;
        }
        return transactions.executeWrite(
                status -> Jdbc.call(() -> write(status.getConnection(), account.value(), batch)));
    }

    private static int write(Connection c, String account, SessionBatch batch) throws SQLException {
        if (!batch.updates().isEmpty()) {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                // one lock order for every request, so two requests with the same sessions cannot deadlock
                List<SessionUpdate> ordered = new ArrayList<>(batch.updates());
                ordered.sort(Comparator.comparing(SessionUpdate::sid).thenComparingLong(SessionUpdate::seq));
                for (SessionUpdate u : ordered) {
                    upsert.setString(1, account);
                    upsert.setString(2, u.sid());
                    setOrNull(upsert, 3, u.didHash(), Types.BIGINT);
                    upsert.setLong(4, u.seq());
                    upsert.setBoolean(5, u.init());
                    upsert.setTimestamp(6, Timestamp.from(u.started()));
                    upsert.setTimestamp(7, Timestamp.from(u.timestamp()));
                    setOrNull(upsert, 8, u.duration(), Types.DOUBLE);
                    upsert.setString(9, u.status().wire());
                    upsert.setInt(10, u.errors());
                    upsert.setString(11, u.abnormalMechanism());
                    upsert.setString(12, u.release());
                    upsert.setString(13, u.environment());
                    upsert.setString(14, u.userAgent());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (!batch.aggregates().isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(INSERT_AGGREGATE)) {
                for (SessionAggregate a : batch.aggregates()) {
                    insert.setString(1, account);
                    insert.setTimestamp(2, Timestamp.from(a.started()));
                    setOrNull(insert, 3, a.didHash(), Types.BIGINT);
                    insert.setString(4, a.release());
                    insert.setString(5, a.environment());
                    insert.setInt(6, a.exited());
                    insert.setInt(7, a.errored());
                    insert.setInt(8, a.abnormal());
                    insert.setInt(9, a.crashed());
                    insert.setLong(10, a.resendKey());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        List<Instant> started = new ArrayList<>();
        batch.updates().forEach(u -> started.add(u.started()));
        batch.aggregates().forEach(a -> started.add(a.started()));
        RollupMarks.markHours(c, account, started);
        return batch.updates().size() + batch.aggregates().size();
    }

    /** A nullable number bound as its SQL type, or as a NULL of that type. */
    private static void setOrNull(PreparedStatement s, int index, Number value, int sqlType) throws SQLException {
        if (value == null) {
            s.setNull(index, sqlType);
        } else {
            s.setObject(index, value, sqlType);
        }
    }
}
