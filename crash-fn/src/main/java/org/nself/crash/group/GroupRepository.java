package org.nself.crash.group;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.crash.web.QueryParams;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.paging.PageRequest;

/** Lists, reads and sets the status of crash groups; every statement is scoped to one account. */
@Singleton
final class GroupRepository {
    private static final String COLUMNS =
            "id, title, culprit, exception_type, level, status, grouped_by, strategy_version,"
                    + " fingerprint, platforms, environments, first_seen, last_seen, count, crash_count, user_count,"
                    + " first_release, last_release, resolved_at, resolved_in_release, regressed_at, merged_into";
    private static final Map<String, String> SORTS =
            Map.of("last_seen", "last_seen", "first_seen", "first_seen", "count", "count", "users", "user_count");

    private final TransactionOperations<Connection> transactions;

    GroupRepository(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    Page<GroupView> list(String account, GroupFilter filter, PageRequest page) {
        // a group whose every report moved elsewhere (re-symbolication) keeps its row with count 0, unlisted
        StringBuilder where = new StringBuilder(" WHERE source_account_id = ? AND merged_into IS NULL AND count > 0");
        List<Object> params = new ArrayList<>(List.of(account));
        if (filter.status() != null) {
            where.append(" AND status = ?");
            params.add(filter.status().wire());
        }
        if (filter.release() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM np_crash_group_releases r WHERE r.source_account_id = ?"
                    + " AND r.group_id = np_crash_groups.id AND r.release = ?)");
            params.add(account);
            params.add(filter.release());
        }
        if (filter.environment() != null) {
            where.append(" AND ? = ANY(environments)");
            params.add(filter.environment());
        }
        if (filter.platform() != null) {
            where.append(" AND ? = ANY(platforms)");
            params.add(filter.platform());
        }
        if (filter.since() != null) {
            where.append(" AND last_seen >= ?");
            params.add(filter.since());
        }
        if (filter.until() != null) {
            where.append(" AND first_seen < ?");
            params.add(filter.until());
        }
        if (filter.q() != null) {
            where.append(" AND (title ILIKE ? OR culprit ILIKE ?)");
            params.add(QueryParams.contains(filter.q()));
            params.add(QueryParams.contains(filter.q()));
        }
        String order = " ORDER BY " + SORTS.get(filter.sort()) + (filter.ascending() ? " ASC" : " DESC") + ", id DESC";
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            long total = Jdbc.count(c, "SELECT count(*) FROM np_crash_groups" + where, params.toArray());
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(page.limit());
            pageParams.add(page.offset());
            List<GroupView> rows = Jdbc.query(
                    c,
                    "SELECT " + COLUMNS + " FROM np_crash_groups" + where + order + " LIMIT ? OFFSET ?",
                    GroupRepository::group,
                    pageParams.toArray());
            return new Page<>(rows, total);
        });
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
                GroupRepository::group,
                account,
                id);
    }

    private static GroupView group(ResultSet r) throws SQLException {
        return new GroupView(
                r.getLong("id"),
                r.getString("title"),
                r.getString("culprit"),
                r.getString("exception_type"),
                r.getString("level"),
                r.getString("status"),
                r.getString("grouped_by"),
                r.getInt("strategy_version"),
                r.getString("fingerprint"),
                Jdbc.strings(r, "platforms"),
                Jdbc.strings(r, "environments"),
                Jdbc.instant(r, "first_seen"),
                Jdbc.instant(r, "last_seen"),
                r.getLong("count"),
                r.getLong("crash_count"),
                r.getLong("user_count"),
                r.getString("first_release"),
                r.getString("last_release"),
                Jdbc.instant(r, "resolved_at"),
                r.getString("resolved_in_release"),
                Jdbc.instant(r, "regressed_at"),
                Jdbc.nullableLong(r, "merged_into"));
    }
}
