package org.nself.crash.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.event.Problem;

/**
 * The hours a stats query covers, {@code [since, until)} on hour boundaries, and the bucket of its
 * time series: hourly up to two days, daily beyond.
 */
public record StatsRange(String period, Instant since, Instant until, Duration bucket) {
    static final Duration MAX_RANGE = Duration.ofDays(400);
    static final Map<String, Duration> PERIODS = Map.of(
            "1h",
            Duration.ofHours(1),
            "24h",
            Duration.ofHours(24),
            "7d",
            Duration.ofDays(7),
            "14d",
            Duration.ofDays(14),
            "30d",
            Duration.ofDays(30),
            "90d",
            Duration.ofDays(90));

    public static StatsRange of(String period, Instant since, Instant until, Instant now) {
        Instant end = (until != null ? until : now).truncatedTo(ChronoUnit.HOURS);
        if (until == null || !until.equals(end)) {
            end = end.plus(Duration.ofHours(1)); // the hour in progress counts
        }
        Instant start;
        String name;
        if (since != null) {
            start = since.truncatedTo(ChronoUnit.HOURS);
            name = "custom";
            if (period != null) {
                throw invalid("period", "give either period or since/until, not both");
            }
        } else {
            name = period == null ? "24h" : period;
            Duration length = PERIODS.get(name);
            if (length == null) {
                throw invalid("period", "must be one of 1h, 24h, 7d, 14d, 30d, 90d");
            }
            start = end.minus(length);
        }
        if (!start.isBefore(end)) {
            throw invalid("since", "must be before until");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw invalid("since", "the range must be at most " + MAX_RANGE.toDays() + " days");
        }
        Duration bucket = Duration.between(start, end).compareTo(Duration.ofHours(48)) <= 0
                ? Duration.ofHours(1)
                : Duration.ofDays(1);
        return new StatsRange(name, start, end, bucket);
    }

    /** The start of the series bucket an hour falls in (days start at midnight UTC). */
    public Instant bucketOf(Instant hour) {
        return bucket.equals(Duration.ofDays(1)) ? hour.truncatedTo(ChronoUnit.DAYS) : hour;
    }

    private static InvalidInput invalid(String field, String message) {
        return new InvalidInput(java.util.List.of(new Problem(field, message)));
    }
}
