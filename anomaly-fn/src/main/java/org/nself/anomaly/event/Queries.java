package org.nself.anomaly.event;

import java.time.Instant;
import org.nself.shared.error.ApiException;
import org.nself.shared.time.Rfc3339;

/** Query-string parsing shared by the anomaly endpoints. */
final class Queries {
    private Queries() {}

    static Instant instant(String field, String raw) {
        return Rfc3339.storable(field, raw, "must be RFC 3339, e.g. 2026-05-17T10:00:00Z");
    }

    static Double score(String field, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(raw);
            if (!(d >= 0 && d <= 1)) {
                throw ApiException.invalid(field, "must be between 0 and 1");
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "must be a number between 0 and 1");
        }
    }

    static String oneOf(String field, String raw, java.util.Set<String> allowed) {
        if (raw == null) {
            return null;
        }
        if (!allowed.contains(raw)) {
            throw ApiException.invalid(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return raw;
    }
}
