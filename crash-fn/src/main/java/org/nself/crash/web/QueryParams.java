package org.nself.crash.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/** Checked reads of query parameters: a bad value is a 400 naming the parameter. */
public final class QueryParams {
    private QueryParams() {}

    public static Instant instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return StorableValues.requireStorable(
                    name, OffsetDateTime.parse(raw.strip()).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an RFC 3339 timestamp, e.g. 2026-01-31T00:00:00Z");
        }
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
