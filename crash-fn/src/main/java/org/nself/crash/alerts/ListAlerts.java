package org.nself.crash.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.json.JsonText;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** The account's alerts newest first, each with its deliveries' state, read in one transaction. */
@Singleton
record ListAlerts(TransactionOperations<Connection> transactions, JsonText json) {
    /** Which alerts: each condition applies when not null. */
    record Filter(@Nullable String kind, @Nullable Long groupId, @Nullable Instant since, @Nullable Instant until) {}

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

    ListView<AlertView> list(AccountId account, Filter filter, PageRequest page) {
        SqlFilter where = SqlFilter.where("source_account_id = ?", account.value())
                .andIfPresent("kind = ?", filter.kind())
                .andIfPresent("group_id = ?", filter.groupId())
                .andIfPresent("created_at >= ?", filter.since())
                .andIfPresent("created_at < ?", filter.until());
        return transactions.executeRead(tx -> {
            Connection c = tx.getConnection();
            ListView<AlertView> alerts = Jdbc.page(
                    c,
                    "id, kind, group_id, release, data::text, created_at",
                    "np_crash_alerts",
                    where,
                    "created_at DESC, id",
                    page,
                    r -> new AlertView(
                            Jdbc.uuid(r, "id"),
                            r.getString("kind"),
                            Jdbc.nullableLong(r, "group_id"),
                            r.getString("release"),
                            json.readMap(r.getString("data")),
                            Jdbc.instant(r, "created_at"),
                            new ArrayList<>()));
            if (!alerts.data().isEmpty()) {
                addDeliveries(c, account, alerts.data());
            }
            return alerts;
        });
    }

    private static void addDeliveries(Connection c, AccountId account, List<AlertView> page) {
        Map<UUID, AlertView> alerts = new LinkedHashMap<>();
        page.forEach(alert -> alerts.put(alert.id(), alert));
        Jdbc.query(
                c,
                "SELECT message_id, target, status, attempts, last_status_code, last_error, next_attempt_at,"
                        + " delivered_at FROM np_crash_alert_deliveries"
                        + " WHERE source_account_id = ? AND message_id = ANY(?) ORDER BY target",
                r -> {
                    String status = r.getString("status");
                    alerts.get(Jdbc.uuid(r, "message_id"))
                            .deliveries()
                            .add(new DeliveryView(
                                    r.getString("target"),
                                    status,
                                    r.getInt("attempts"),
                                    Jdbc.nullableInt(r, "last_status_code"),
                                    r.getString("last_error"),
                                    "pending".equals(status) ? Jdbc.instant(r, "next_attempt_at") : null,
                                    Jdbc.instant(r, "delivered_at")));
                    return status;
                },
                account.value(),
                Jdbc.call(() -> c.createArrayOf("uuid", alerts.keySet().toArray())));
    }
}
