package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/** {@code GET /api/v1/stats}: per detector and overall. */
@Controller("/api/v1/stats")
@Secured(SecurityRule.IS_AUTHENTICATED)
record StatsController(EventQueries events) {
    @Get
    StatsView stats(AccountId account, @Nullable @QueryValue("detector_id") String detectorId) {
        List<EventQueries.DetectorCounts> counts = events.counts(account.value(), detectorId);
        if (detectorId != null && counts.isEmpty()) {
            throw ApiException.notFound("detector");
        }
        return StatsView.of(counts);
    }
}
