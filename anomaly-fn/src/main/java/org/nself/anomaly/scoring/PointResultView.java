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

    /** A point sent again: what was stored for it. */
    static PointResultView stored(String detectorId, PointView old) {
        return new PointResultView(
                detectorId,
                old.timestamp(),
                old.value(),
                old.score(),
                old.isAnomaly(),
                old.expected(),
                old.lower(),
                old.upper(),
                old.late(),
                true,
                null);
    }

    /** A point scored now; {@code duplicate} when the batch sent its timestamp before. */
    static PointResultView scored(String detectorId, ScoringRun.Scored s, boolean duplicate, UUID anomalyId) {
        return new PointResultView(
                detectorId,
                s.timestamp(),
                s.value(),
                s.estimate().score(),
                s.anomalous(),
                s.estimate().expected(),
                s.estimate().lower(),
                s.estimate().upper(),
                s.late(),
                duplicate,
                anomalyId);
    }
}
