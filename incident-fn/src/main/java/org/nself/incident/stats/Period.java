package org.nself.incident.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.nself.shared.error.ApiException;
import org.nself.shared.time.Rfc3339;

/** The time range a stats query covers: a named period back from now, or explicit since/until. */
record Period(String name, Instant since, Instant until) {
    static final Map<String, Duration> NAMED = Map.of(
            "1h", Duration.ofHours(1),
            "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7),
            "14d", Duration.ofDays(14),
            "30d", Duration.ofDays(30),
            "90d", Duration.ofDays(90));

    static Period parse(String period, String since, String until, Instant now) {
        if (since != null || until != null) {
            Instant from = since == null ? null : time("since", since);
            Instant to = until == null ? now : time("until", until);
            if (from == null) {
                throw ApiException.invalid("since", "is required with until");
            }
            if (!from.isBefore(to)) {
                throw ApiException.invalid("since", "must be before until");
            }
            if (Duration.between(from, to).compareTo(Duration.ofDays(36_600)) > 0) {
                throw ApiException.invalid("since", "the range must be at most 100 years");
            }
            return new Period("custom", from, to);
        }
        String name = period == null ? "30d" : period;
        Duration length = NAMED.get(name);
        if (length == null) {
            throw ApiException.invalid("period", "must be one of 1h, 24h, 7d, 14d, 30d, 90d");
        }
        return new Period(name, now.minus(length), now);
    }

    private static Instant time(String field, String value) {
        return Rfc3339.storable(field, value, "must be an RFC 3339 timestamp");
    }
}
