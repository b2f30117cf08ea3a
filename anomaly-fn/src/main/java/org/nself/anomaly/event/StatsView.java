package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Detection summary: points scored, anomalies, anomalies per day, and the false-positive rate
 * false_positive / (true_positive + false_positive) with its label coverage (labelled / anomalies).
 */
@Serdeable
record StatsView(Summary overall, List<Summary> detectors) {
    @Serdeable
    record Summary(
            @Nullable String detectorId,
            long pointsScored,
            long anomalousPoints,
            long anomalies,
            long openAnomalies,
            double anomaliesPerDay,
            long truePositives,
            long falsePositives,
            @Nullable Double falsePositiveRate,
            double labelCoverage) {

        /** One detector's counts as its summary: anomalies per day over the span of its points (at least a day). */
        static Summary of(EventQueries.DetectorCounts c) {
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
            return new Summary(
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

    /** Each detector's summary and the summary of all of them together. */
    static StatsView of(List<EventQueries.DetectorCounts> counts) {
        List<Summary> per = counts.stream().map(Summary::of).toList();
        Summary overall =
                Summary.of(counts.stream().reduce(EventQueries.DetectorCounts.NONE, EventQueries.DetectorCounts::plus));
        return new StatsView(overall, per);
    }
}
