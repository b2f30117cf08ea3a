package org.nself.crash.web;

import java.time.Instant;
import java.util.Set;
import org.nself.shared.error.ApiException;
import org.nself.shared.time.Rfc3339;

/** Checked reads of query parameters: a bad value is a 400 naming the parameter. */
public final class QueryParams {
    private QueryParams() {}

    /** An RFC 3339 timestamp PostgreSQL can store; null when absent or blank. */
    public static Instant instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Rfc3339.storable(name, raw.strip(), "must be an RFC 3339 timestamp, e.g. 2026-01-31T00:00:00Z");
    }

    public static String oneOf(String name, String raw, Set<String> allowed, String fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        if (!allowed.contains(raw)) {
            throw ApiException.invalid(
                    name,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw;
    }

    public static String text(String name, String raw, int max) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > max) {
            throw ApiException.invalid(name, "must be at most " + max + " characters");
        }
        return raw;
    }

    /** A LIKE pattern matching {@code raw} literally anywhere. */
    public static String contains(String raw) {
        return "%" + raw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
