package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.time.Duration;
import java.time.Instant;
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
        List<StatsView.Summary> per =
                counts.stream().map(StatsController::summary).toList();
        StatsView.Summary overall =
                summary(counts.stream().reduce(EventQueries.DetectorCounts.NONE, EventQueries.DetectorCounts::plus));
        return new StatsView(overall, per);
    }

    private static StatsView.Summary summary(EventQueries.DetectorCounts c) {
        long tp = c.truePositive();
        long fp = c.falsePositive();
        long anomalies = c.anomalies();
        Instant first = c.firstPoint();
        Instant last = c.lastPoint();
        double days = first == null || last == null
                ? 1
                : Math.max(1, Duration.between(first, last).toMillis() / 86_400_000.0);
        Double rate = tp + fp == 0 ? null : (double) fp / (tp + fp);
        double coverage = anomalies == 0 ? 0 : (double) (tp + fp) / anomalies;
        return new StatsView.Summary(
                c.detectorId(),
                c.points(),
                c.anomalousPoints(),
                anomalies,
                c.open(),
                anomalies / days,
                tp,
                fp,
                rate,
                coverage);
    }
}
