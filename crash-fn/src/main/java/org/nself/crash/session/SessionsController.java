package org.nself.crash.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nself.crash.web.Jdbc;
import org.nself.crash.web.QueryParams;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** {@code GET /api/v1/sessions}: sessions newest first, filtered by release, environment, status, did, time (bearer). */
@Controller("/api/v1/sessions")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SessionsController {
    private static final Set<String> STATUSES = Set.of("ok", "exited", "crashed", "abnormal", "errored");
    private final TransactionOperations<Connection> transactions;

    SessionsController(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

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

    @Get
    ListView<SessionView> list(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String release,
            @Nullable @QueryValue String environment,
            @Nullable @QueryValue String status,
            @Nullable @QueryValue String did,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        StringBuilder where = new StringBuilder(" WHERE source_account_id = ?");
        List<Object> params = new ArrayList<>(List.of(account.value()));
        String r = QueryParams.text("release", release, 200);
        if (r != null) {
            where.append(" AND release = ?");
            params.add(r);
        }
        String e = QueryParams.text("environment", environment, 64);
        if (e != null) {
            where.append(" AND environment = ?");
            params.add(e);
        }
        String s = QueryParams.oneOf("status", status, STATUSES, null);
        if (s != null) {
            where.append(" AND status = ?");
            params.add(s);
        }
        String d = QueryParams.text("did", did, 256);
        if (d != null) {
            where.append(" AND did_hash = ?");
            params.add(SessionParser.hashDid(d));
        }
        Instant from = QueryParams.instant("since", since);
        if (from != null) {
            where.append(" AND started >= ?");
            params.add(from);
        }
        Instant to = QueryParams.instant("until", until);
        if (to != null) {
            where.append(" AND started < ?");
            params.add(to);
        }
        return transactions.executeRead(tx -> {
            Connection c = tx.getConnection();
            try {
                long total = Jdbc.count(c, "SELECT count(*) FROM np_crash_sessions" + where, params);
                List<Object> pageParams = new ArrayList<>(params);
                pageParams.add(page.limit());
                pageParams.add(page.offset());
                List<SessionView> rows = Jdbc.query(
                        c,
                        "SELECT sid, did_hash, seq, init, started, updated, duration, status, errors,"
                                + " abnormal_mechanism, release, environment FROM np_crash_sessions" + where
                                + " ORDER BY started DESC, sid LIMIT ? OFFSET ?",
                        pageParams,
                        rs -> {
                            Long didHash = Jdbc.nullableLong(rs, "did_hash");
                            double duration = rs.getDouble("duration");
                            Double durationOrNull = rs.wasNull() ? null : duration;
                            return new SessionView(
                                    rs.getString("sid"),
                                    didHash == null ? null : String.format("%016x", didHash),
                                    rs.getLong("seq"),
                                    rs.getBoolean("init"),
                                    Jdbc.instant(rs, "started"),
                                    Jdbc.instant(rs, "updated"),
                                    durationOrNull,
                                    rs.getString("status"),
                                    rs.getInt("errors"),
                                    rs.getString("abnormal_mechanism"),
                                    rs.getString("release"),
                                    rs.getString("environment"));
                        });
                return ListView.of(rows, total, page);
            } catch (SQLException ex) {
                throw Jdbc.failure(ex);
            }
        });
    }
}
