package org.nself.crash.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A group with its latest report, its per-release counts and its regressions. */
@Serdeable
public record GroupDetailView(
        GroupView group, @Nullable ReportView latestReport, List<ReleaseCount> releases, List<Regression> regressions) {

    @Serdeable
    public record ReleaseCount(String release, long count, Instant firstSeen, Instant lastSeen) {}

    @Serdeable
    public record Regression(String release, String eventId, Instant createdAt) {}
}
