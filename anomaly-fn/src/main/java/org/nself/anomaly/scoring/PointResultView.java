package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** One ingested point's scoring: score in [0, 1], the expected value and band. */
@Serdeable
public record PointResultView(
        String detectorId,
        Instant timestamp,
        double value,
        double score,
        boolean isAnomaly,
        @Nullable Double expected,
        @Nullable Double lower,
        @Nullable Double upper,
        boolean late,
        boolean duplicate,
        @Nullable UUID anomalyId) {
    static PointResultView of(ScorePoints.Result r) {
        return new PointResultView(
                r.detectorId(),
                r.timestamp(),
                r.value(),
                r.score(),
                r.anomaly(),
                r.expected(),
                r.lower(),
                r.upper(),
                r.late(),
                r.duplicate(),
                r.anomalyId());
    }
}
