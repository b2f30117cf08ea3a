package org.nself.anomaly.scoring;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.UUID;

/**
 * One ingested point's scoring: the point as it is stored (score in [0, 1], the expected value and band;
 * without the detector version), flat beside the detector, whether it was sent before and its anomaly.
 */
@Serdeable
public record PointResultView(
        String detectorId, @JsonUnwrapped PointView point, boolean duplicate, @Nullable UUID anomalyId) {

    /** A point sent again: what was stored for it. */
    static PointResultView stored(String detectorId, PointView old) {
        return new PointResultView(detectorId, old, true, null);
    }

    /** A point scored now; {@code duplicate} when the batch sent its timestamp before. */
    static PointResultView scored(String detectorId, ScoringRun.Scored s, boolean duplicate, UUID anomalyId) {
        PointView point = new PointView(
                s.timestamp(),
                s.value(),
                s.estimate().score(),
                s.anomalous(),
                s.estimate().expected(),
                s.estimate().lower(),
                s.estimate().upper(),
                s.late(),
                null);
        return new PointResultView(detectorId, point, duplicate, anomalyId);
    }
}
