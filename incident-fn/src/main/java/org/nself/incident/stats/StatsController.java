package org.nself.incident.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Instant;
import org.nself.shared.tenancy.AccountId;

/** GET /api/v1/stats: see {@link IncidentStats}. */
@Controller("/api/v1/stats")
@Secured(SecurityRule.IS_AUTHENTICATED)
record StatsController(IncidentStats stats) {
    @Get
    StatsView stats(
            AccountId account,
            @Nullable @QueryValue String period,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        return stats.of(account.value(), Period.parse(period, since, until, Instant.now()));
    }
}
