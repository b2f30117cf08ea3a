package org.nself.shared.paging;

import java.util.Map;
import org.nself.shared.error.ApiException;

/** {@code limit} (1..1000, default 100) and {@code offset} (≥ 0); out-of-range values are refused. */
public record PageRequest(int limit, long offset) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final long MAX_OFFSET = 10_000_000L;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ApiException.invalid("offset", "must be between 0 and " + MAX_OFFSET);
        }
    }

    public static PageRequest parse(String limit, String offset) {
        return new PageRequest(
                limit == null ? DEFAULT_LIMIT : (int) number("limit", limit, MAX_LIMIT),
                offset == null ? 0 : number("offset", offset, MAX_OFFSET));
    }

    public static PageRequest from(Map<String, String> query) {
        return parse(query.get("limit"), query.get("offset"));
    }

    private static long number(String name, String raw, long max) {
        String value = raw.strip();
        if (!value.matches("-?\\d{1,12}")) {
            throw ApiException.invalid(name, "must be a whole number");
        }
        long parsed = Long.parseLong(value);
        if (parsed < 0 || parsed > max) {
            throw ApiException.invalid(name, "must be between " + (name.equals("limit") ? 1 : 0) + " and " + max);
        }
        return parsed;
    }
}
