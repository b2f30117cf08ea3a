package org.nself.shared.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A WHERE clause built from fixed fragments with positional parameters: conditions are SQL text
 * written in the code, never input; every value is bound. Starts with the condition every query has
 * (the account), then adds optional ones.
 *
 * <pre>{@code
 * SqlFilter where = SqlFilter.where("source_account_id = ?", account)
 *         .andIfPresent("type = ?", filter.type())
 *         .andIf(!statuses.isEmpty(), "status = ANY (?)", statuses.toArray(String[]::new));
 * Jdbc.query(c, "SELECT … FROM t" + where.clause() + " ORDER BY … LIMIT ? OFFSET ?", row, where.params(limit, offset));
 * }</pre>
 */
public final class SqlFilter {
    private final StringBuilder conditions = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private SqlFilter() {}

    public static SqlFilter where(String condition, Object... params) {
        return new SqlFilter().and(condition, params);
    }

    public SqlFilter and(String condition, Object... values) {
        if (conditions.length() > 0) {
            conditions.append(" AND ");
        }
        conditions.append(condition);
        params.addAll(Arrays.asList(values));
        return this;
    }

    public SqlFilter andIf(boolean include, String condition, Object... values) {
        return include ? and(condition, values) : this;
    }

    /** Adds {@code condition} when {@code value} is not null, binding it to each of its {@code ?}. */
    public SqlFilter andIfPresent(String condition, Object value) {
        if (value == null) {
            return this;
        }
        Object[] values = new Object[placeholders(condition)];
        Arrays.fill(values, value);
        return and(condition, values);
    }

    /** The conditions joined by AND, without the keyword. */
    public String conditions() {
        return conditions.toString();
    }

    /** {@code " WHERE " + conditions()}. */
    public String clause() {
        return " WHERE " + conditions;
    }

    /**
     * The parameters of the conditions, in order, followed by {@code after} (LIMIT, OFFSET, …): what
     * {@link Jdbc} binds.
     */
    public Object[] params(Object... after) {
        Object[] out = Arrays.copyOf(params.toArray(), params.size() + after.length);
        System.arraycopy(after, 0, out, params.size(), after.length);
        return out;
    }

    private static int placeholders(String condition) {
        int n = 0;
        for (int i = 0; i < condition.length(); i++) {
            if (condition.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }
}
