package org.nself.crash.group;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A group's tags on the wire, as Sentry's tags panel shows them. */
final class TagViews {
    private TagViews() {}

    /**
     * One tag key of a group: how many of its reports carry it ({@code totalValues}, Sentry's name),
     * how many distinct values they have, and the most frequent ones (count, then value).
     */
    @Serdeable
    record TagKey(String key, long totalValues, long uniqueValues, List<TagValue> topValues) {}

    /** One value of a tag in a group: its reports, the first and last time one occurred. */
    @Serdeable
    record TagValue(String value, long count, Instant firstSeen, Instant lastSeen) {}
}
