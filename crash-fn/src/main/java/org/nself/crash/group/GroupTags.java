package org.nself.crash.group;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** Reads a group's tag counts: the breakdown by key and one key's values; empty when the group is not the account's. */
@Singleton
record GroupTags(TransactionOperations<Connection> transactions) {
    /** Values shown per key in the breakdown, as Sentry's tags panel. */
    static final int TOP_VALUES = 10;

    private static final String BREAKDOWN = "WITH keys AS (SELECT key, sum(count) AS total, count(*) AS uniq"
            + " FROM np_crash_group_tags WHERE source_account_id = ? AND group_id = ? AND count > 0"
            + " GROUP BY key ORDER BY key COLLATE \"C\" LIMIT ? OFFSET ?)"
            + " SELECT k.key, k.total, k.uniq, v.value, v.count, v.first_seen, v.last_seen FROM keys k"
            + " CROSS JOIN LATERAL (SELECT value, count, first_seen, last_seen FROM np_crash_group_tags t"
            + "   WHERE t.source_account_id = ? AND t.group_id = ? AND t.key = k.key AND t.count > 0"
            + "   ORDER BY t.count DESC, t.value COLLATE \"C\" LIMIT " + TOP_VALUES + ") v"
            + " ORDER BY k.key COLLATE \"C\", v.count DESC, v.value COLLATE \"C\"";

    /** The group's tag keys in key order, a page of them, each with its top values. */
    Optional<ListView<TagViews.TagKey>> breakdown(String account, long groupId, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            if (GroupRepository.find(c, account, groupId).isEmpty()) {
                return Optional.empty();
            }
            long keys = Jdbc.count(
                    c,
                    "SELECT count(DISTINCT key) FROM np_crash_group_tags"
                            + " WHERE source_account_id = ? AND group_id = ? AND count > 0",
                    account,
                    groupId);
            List<Row> rows = Jdbc.query(
                    c,
                    BREAKDOWN,
                    r -> new Row(r.getString("key"), r.getLong("total"), r.getLong("uniq"), value(r)),
                    account,
                    groupId,
                    page.limit(),
                    page.offset(),
                    account,
                    groupId);
            // rows come in key order, each key's top values together
            Map<String, Row> first = new LinkedHashMap<>();
            Map<String, List<TagViews.TagValue>> top = new LinkedHashMap<>();
            for (Row row : rows) {
                first.putIfAbsent(row.key(), row);
                top.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.value());
            }
            List<TagViews.TagKey> out = first.values().stream()
                    .map(k -> new TagViews.TagKey(k.key(), k.total(), k.unique(), List.copyOf(top.get(k.key()))))
                    .toList();
            return Optional.of(ListView.of(out, keys, page));
        });
    }

    /** A page of one key's values in the group, most frequent first. */
    Optional<ListView<TagViews.TagValue>> values(String account, long groupId, String key, PageRequest page) {
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            if (GroupRepository.find(c, account, groupId).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Jdbc.page(
                    c,
                    "value, count, first_seen, last_seen",
                    "np_crash_group_tags",
                    SqlFilter.where(
                            "source_account_id = ? AND group_id = ? AND key = ? AND count > 0", account, groupId, key),
                    "count DESC, value COLLATE \"C\"",
                    page,
                    GroupTags::value));
        });
    }

    private record Row(String key, long total, long unique, TagViews.TagValue value) {}

    private static TagViews.TagValue value(ResultSet r) throws SQLException {
        return new TagViews.TagValue(
                r.getString("value"), r.getLong("count"), Jdbc.instant(r, "first_seen"), Jdbc.instant(r, "last_seen"));
    }
}
