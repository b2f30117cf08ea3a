package org.nself.shared.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nself.shared.error.ApiException;

/**
 * The orders a list endpoint offers: each key a client may send maps to an ORDER BY written in the
 * code, so a sort parameter never becomes SQL text. The keys are listed, in the order given, when a
 * client sends another.
 */
public record Sorts(Map<String, String> orders) {
    /** {@code keyToOrderBy}: sort key → ORDER BY fragment (without the keywords), in listing order. */
    public static Sorts of(Map<String, String> keyToOrderBy) {
        if (keyToOrderBy.isEmpty()) {
            throw new IllegalArgumentException("no sort offered");
        }
        return new Sorts(new LinkedHashMap<>(keyToOrderBy));
    }

    public Set<String> keys() {
        return orders.keySet();
    }

    /**
     * The key a client asked for in {@code parameter}: {@code fallback} when {@code raw} is null; 400
     * naming the parameter when it is not offered.
     */
    public String read(String parameter, String raw, String fallback) {
        if (raw == null) {
            return fallback;
        }
        if (!orders.containsKey(raw)) {
            throw ApiException.invalid(parameter, "must be one of " + String.join(", ", orders.keySet()));
        }
        return raw;
    }

    /** {@code " ORDER BY …"} for a key this offers (a key not offered is a bug: read it first). */
    public String orderBy(String key) {
        String order = orders.get(key);
        if (order == null) {
            throw new IllegalArgumentException("sort key not offered: " + key);
        }
        return " ORDER BY " + order;
    }
}
