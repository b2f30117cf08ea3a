package org.nself.crash.group;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import org.nself.crash.web.QueryParams;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.RecordRows;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** Lists, reads and sets the status of crash groups; every statement is scoped to one account. */
@Singleton
record GroupRepository(TransactionOperations<Connection> transactions) {
    private static final RecordRows<GroupView> ROWS = RecordRows.of(GroupView.class);
    private static final String COLUMNS =
            "id, title, culprit, exception_type, level, status, grouped_by, strategy_version,"
                    + " fingerprint, platforms, environments, first_seen, last_seen, count, crash_count, user_count,"
                    + " first_release, last_release, resolved_at, resolved_in_release, regressed_at, merged_into";
    private static final Map<String, String> SORTS =
            Map.of("last_seen", "last_seen", "first_seen", "first_seen", "count", "count", "users", "user_count");

    ListView<GroupView> list(String account, GroupFilter filter, PageRequest page) {
        // a group whose every report moved elsewhere (re-symbolication) keeps its row with count 0, unlisted
        SqlFilter where = SqlFilter.where("source_account_id = ? AND merged_into IS NULL AND count > 0", account)
                .andIfPresent(
                        "status = ?",
                        filter.status() == null ? null : filter.status().wire())
                .andIf(
                        filter.release() != null,
                        "EXISTS (SELECT 1 FROM np_crash_group_releases r WHERE r.source_account_id = ?"
                                + " AND r.group_id = np_crash_groups.id AND r.release = ?)",
                        account,
                        filter.release())
                .andIfPresent("? = ANY(environments)", filter.environment())
                .andIfPresent("? = ANY(platforms)", filter.platform())
                .andIfPresent("last_seen >= ?", filter.since())
                .andIfPresent("first_seen < ?", filter.until())
                .andIfPresent(
                        "(title ILIKE ? OR culprit ILIKE ?)",
                        filter.q() == null ? null : QueryParams.contains(filter.q()));
        for (TagFilter tag : filter.tags()) {
            where.and(
                    "EXISTS (SELECT 1 FROM np_crash_group_tags t WHERE t.source_account_id = ?"
                            + " AND t.group_id = np_crash_groups.id AND t.key = ? AND t.value = ? AND t.count > 0)",
                    account,
                    tag.key(),
                    tag.value());
        }
        String order = SORTS.get(filter.sort()) + (filter.ascending() ? " ASC" : " DESC") + ", id DESC";
        return transactions.executeRead(
                status -> Jdbc.page(status.getConnection(), COLUMNS, "np_crash_groups", where, order, page, ROWS));
    }

    Optional<GroupView> find(String account, long id) {
        return transactions.executeRead(status -> find(status.getConnection(), account, id));
    }

    /** Sets the status; empty when the group is not this account's. */
    Optional<GroupView> setStatus(String account, long id, GroupStatus next) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            int changed = Jdbc.update(
                    c,
                    "UPDATE np_crash_groups SET status = ?,"
                            + " resolved_at = CASE WHEN ? THEN COALESCE(resolved_at, now()) ELSE NULL END,"
                            + " resolved_in_release = CASE WHEN ? THEN last_release ELSE NULL END, updated_at = now()"
                            + " WHERE source_account_id = ? AND id = ? AND merged_into IS NULL",
                    next.wire(),
                    next.resolved(),
                    next.resolved(),
                    account,
                    id);
            return changed == 0 ? Optional.<GroupView>empty() : find(c, account, id);
        });
    }

    static Optional<GroupView> find(Connection c, String account, long id) {
        return Jdbc.one(
                c,
                "SELECT " + COLUMNS + " FROM np_crash_groups WHERE source_account_id = ? AND id = ?",
                ROWS,
                account,
                id);
    }
}
