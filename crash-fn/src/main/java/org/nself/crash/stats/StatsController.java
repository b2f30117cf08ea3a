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
import org.nself.crash.event.InvalidInput;
import org.nself.crash.web.QueryParams;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Crash-free rates and release health from the hourly rollups (bearer). */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record StatsController(StatsRepository rollups, ListReleases releases) {
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
        return releases.list(
                account.value(),
                range,
                QueryParams.text("environment", environment, 64),
                QueryParams.oneOf("sort", sort, ListReleases.SORTS, ListReleases.DEFAULT_SORT),
                page);
    }

    private static StatsRange range(String period, String since, String until) {
        try {
            return StatsRange.of(
                    period, QueryParams.instant("since", since), QueryParams.instant("until", until), Instant.now());
        } catch (InvalidInput e) {
            throw e.refusal();
        }
    }
}
