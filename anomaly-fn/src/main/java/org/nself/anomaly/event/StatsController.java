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
final class StatsController {
    private final EventQueries events;

    StatsController(EventQueries events) {
        this.events = events;
    }

    @Get
    StatsView stats(AccountId account, @Nullable @QueryValue("detector_id") String detectorId) {
        List<EventQueries.DetectorCounts> counts = events.counts(account.value(), detectorId);
        if (detectorId != null && counts.isEmpty()) {
            throw ApiException.notFound("detector");
        }
        List<StatsView.Summary> per = counts.stream()
                .map(c -> summary(
                        c.detectorId(),
                        c.points(),
                        c.anomalousPoints(),
                        c.anomalies(),
                        c.open(),
                        c.truePositive(),
                        c.falsePositive(),
                        c.firstPoint(),
                        c.lastPoint()))
                .toList();
        Instant first = counts.stream()
                .map(EventQueries.DetectorCounts::firstPoint)
                .filter(java.util.Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
        Instant last = counts.stream()
                .map(EventQueries.DetectorCounts::lastPoint)
                .filter(java.util.Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
        StatsView.Summary overall = summary(
                null,
                counts.stream().mapToLong(EventQueries.DetectorCounts::points).sum(),
                counts.stream()
                        .mapToLong(EventQueries.DetectorCounts::anomalousPoints)
                        .sum(),
                counts.stream()
                        .mapToLong(EventQueries.DetectorCounts::anomalies)
                        .sum(),
                counts.stream().mapToLong(EventQueries.DetectorCounts::open).sum(),
                counts.stream()
                        .mapToLong(EventQueries.DetectorCounts::truePositive)
                        .sum(),
                counts.stream()
                        .mapToLong(EventQueries.DetectorCounts::falsePositive)
                        .sum(),
                first,
                last);
        return new StatsView(overall, per);
    }

    static StatsView.Summary summary(
            String id,
            long points,
            long anomalousPoints,
            long anomalies,
            long open,
            long tp,
            long fp,
            Instant first,
            Instant last) {
        double days = first == null || last == null
                ? 1
                : Math.max(1, Duration.between(first, last).toMillis() / 86_400_000.0);
        Double rate = tp + fp == 0 ? null : (double) fp / (tp + fp);
        double coverage = anomalies == 0 ? 0 : (double) (tp + fp) / anomalies;
        return new StatsView.Summary(
                id, points, anomalousPoints, anomalies, open, anomalies / days, tp, fp, rate, coverage);
    }
}
