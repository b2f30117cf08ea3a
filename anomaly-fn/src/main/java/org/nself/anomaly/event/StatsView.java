package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
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
            double labelCoverage) {}
}
