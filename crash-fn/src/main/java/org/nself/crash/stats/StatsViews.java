package org.nself.crash.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** Wire shapes of {@code /api/v1/stats} and {@code /api/v1/releases}. */
final class StatsViews {
    private StatsViews() {}

    @Serdeable
    record Sessions(long started, long healthy, long errored, long crashed, long abnormal) {
        static Sessions of(SessionCounts c) {
            return new Sessions(c.started(), c.healthy(), c.errored(), c.crashed(), c.abnormal());
        }
    }

    @Serdeable
    record Users(long total, long crashed) {}

    @Serdeable
    record Point(
            Instant start,
            long started,
            long healthy,
            long errored,
            long crashed,
            long abnormal,
            @Nullable Double crashFreeSessions,
            long crashes) {}

    @Serdeable
    record TopGroup(long groupId, String title, String status, long reports, long crashes) {}

    @Serdeable
    record ReleaseHealth(
            String release,
            Sessions sessions,
            @Nullable Users users,
            @Nullable Double crashFreeSessions,
            @Nullable Double crashFreeUsers,
            @Nullable Double anrRate,
            @Nullable Double adoption,
            long crashes,
            @Nullable Instant firstSeen,
            @Nullable Instant lastSeen) {}

    @Serdeable
    record Stats(
            String period,
            Instant since,
            Instant until,
            String bucket,
            Sessions sessions,
            @Nullable Users users,
            @Nullable Double crashFreeSessions,
            @Nullable Double crashFreeUsers,
            @Nullable Double anrRate,
            long crashes,
            long reports,
            List<TopGroup> topGroups,
            List<Point> series,
            List<ReleaseHealth> releases) {}
}
