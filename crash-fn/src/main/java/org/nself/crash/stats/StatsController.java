package org.nself.crash.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.web.QueryParams;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Crash-free rates and release health from the hourly rollups (bearer). */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StatsController {
    private final StatsRepository rollups;

    StatsController(StatsRepository rollups) {
        this.rollups = rollups;
    }

    @Get("/stats")
    StatsViews.Stats stats(
            AccountId account,
            @Nullable @QueryValue String period,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until,
            @Nullable @QueryValue String release,
            @Nullable @QueryValue String environment) {
        StatsRange range = range(period, since, until);
        return ReleaseHealthCalculation.stats(
                range,
                rollups.read(
                        account.value(),
                        range,
                        QueryParams.text("release", release, 200),
                        QueryParams.text("environment", environment, 64),
                        true));
    }

    @Get("/releases")
    ListView<StatsViews.ReleaseHealth> releases(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String period,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until,
            @Nullable @QueryValue String environment,
            @Nullable @QueryValue String sort) {
        StatsRange range = range(period == null && since == null ? "30d" : period, since, until);
        String order = QueryParams.oneOf(
                "sort", sort, Set.of("last_seen", "sessions", "crash_free_sessions", "release"), "last_seen");
        List<StatsViews.ReleaseHealth> all = ReleaseHealthCalculation.releases(
                rollups.read(account.value(), range, null, QueryParams.text("environment", environment, 64), false));
        Comparator<StatsViews.ReleaseHealth> comparator =
                switch (order) {
                    case "sessions" ->
                        Comparator.comparingLong((StatsViews.ReleaseHealth r) ->
                                        r.sessions().started())
                                .reversed();
                    case "crash_free_sessions" ->
                        Comparator.comparing(
                                StatsViews.ReleaseHealth::crashFreeSessions,
                                Comparator.nullsLast(Comparator.naturalOrder()));
                    case "release" -> Comparator.comparing(StatsViews.ReleaseHealth::release);
                    default ->
                        Comparator.comparing(
                                StatsViews.ReleaseHealth::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()));
                };
        List<StatsViews.ReleaseHealth> sorted = all.stream()
                .sorted(comparator.thenComparing(StatsViews.ReleaseHealth::release))
                .toList();
        int from = (int) Math.min(page.offset(), sorted.size());
        int to = (int) Math.min(sorted.size(), from + (long) page.limit());
        return ListView.of(sorted.subList(from, to), sorted.size(), page);
    }

    private static StatsRange range(String period, String since, String until) {
        try {
            return StatsRange.of(
                    period, QueryParams.instant("since", since), QueryParams.instant("until", until), Instant.now());
        } catch (InvalidInput e) {
            throw IngestCrashReport.refusal(e);
        }
    }
}
