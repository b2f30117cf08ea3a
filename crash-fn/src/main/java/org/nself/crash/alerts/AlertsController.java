package org.nself.crash.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nself.crash.web.Jdbc;
import org.nself.crash.web.QueryParams;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code GET /api/v1/alerts}: the account's alerts newest first, each with its deliveries' state (bearer);
 * filter by {@code kind}, {@code group_id}, {@code since}, {@code until}.
 */
@Controller("/api/v1/alerts")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AlertsController {
    private static final Set<String> KINDS =
            Stream.of(AlertKind.values()).map(AlertKind::wire).collect(Collectors.toSet());
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;

    AlertsController(TransactionOperations<Connection> transactions, JsonMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    @Serdeable
    record DeliveryView(
            String target,
            String status,
            int attempts,
            @Nullable Integer lastStatusCode,
            @Nullable String lastError,
            @Nullable Instant nextAttemptAt,
            @Nullable Instant deliveredAt) {}

    @Serdeable
    record AlertView(
            UUID id,
            String kind,
            @Nullable Long groupId,
            @Nullable String release,
            Map<String, Object> data,
            Instant createdAt,
            List<DeliveryView> deliveries) {}

    @Get
    ListView<AlertView> list(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String kind,
            @Nullable @QueryValue("group_id") String groupId,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        StringBuilder where = new StringBuilder(" WHERE source_account_id = ?");
        List<Object> params = new ArrayList<>(List.of(account.value()));
        String k = QueryParams.oneOf("kind", kind, KINDS, null);
        if (k != null) {
            where.append(" AND kind = ?");
            params.add(k);
        }
        if (groupId != null) {
            try {
                params.add(Long.parseLong(groupId.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("group_id", "must be a group id (an integer)");
            }
            where.append(" AND group_id = ?");
        }
        Instant from = QueryParams.instant("since", since);
        if (from != null) {
            where.append(" AND created_at >= ?");
            params.add(from);
        }
        Instant to = QueryParams.instant("until", until);
        if (to != null) {
            where.append(" AND created_at < ?");
            params.add(to);
        }
        return transactions.executeRead(tx -> {
            Connection c = tx.getConnection();
            try {
                long total = Jdbc.count(c, "SELECT count(*) FROM np_crash_alerts" + where, params);
                List<Object> pageParams = new ArrayList<>(params);
                pageParams.add(page.limit());
                pageParams.add(page.offset());
                Map<UUID, AlertView> alerts = new LinkedHashMap<>();
                for (AlertView alert : Jdbc.query(
                        c,
                        "SELECT id, kind, group_id, release, data::text, created_at FROM np_crash_alerts" + where
                                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                        pageParams,
                        rs -> new AlertView(
                                rs.getObject("id", UUID.class),
                                rs.getString("kind"),
                                Jdbc.nullableLong(rs, "group_id"),
                                rs.getString("release"),
                                data(rs.getString("data")),
                                Jdbc.instant(rs, "created_at"),
                                new ArrayList<>()))) {
                    alerts.put(alert.id(), alert);
                }
                if (!alerts.isEmpty()) {
                    try (PreparedStatement select = c.prepareStatement("SELECT message_id, target, status, attempts,"
                            + " last_status_code, last_error, next_attempt_at, delivered_at FROM np_crash_alert_deliveries"
                            + " WHERE source_account_id = ? AND message_id = ANY(?) ORDER BY target")) {
                        select.setString(1, account.value());
                        select.setArray(
                                2, c.createArrayOf("uuid", alerts.keySet().toArray()));
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                int code = rs.getInt("last_status_code");
                                Integer lastCode = rs.wasNull() ? null : code;
                                String status = rs.getString("status");
                                alerts.get(rs.getObject("message_id", UUID.class))
                                        .deliveries()
                                        .add(new DeliveryView(
                                                rs.getString("target"),
                                                status,
                                                rs.getInt("attempts"),
                                                lastCode,
                                                rs.getString("last_error"),
                                                "pending".equals(status) ? Jdbc.instant(rs, "next_attempt_at") : null,
                                                Jdbc.instant(rs, "delivered_at")));
                            }
                        }
                    }
                }
                return ListView.of(new ArrayList<>(alerts.values()), total, page);
            } catch (SQLException ex) {
                throw Jdbc.failure(ex);
            }
        });
    }

    private Map<String, Object> data(String raw) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.readValue(raw, Map.class);
            return map;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
