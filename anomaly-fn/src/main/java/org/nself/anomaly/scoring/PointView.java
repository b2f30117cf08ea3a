package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * A stored point with its score and band on the wire: in a detector's series (with the version of
 * the detector that scored it), in an anomaly's context and in an ingest answer (without). {@code entity}:
 * the labels of the series it belongs to, in a detector's series when that series has labels.
 */
@Serdeable
public record PointView(
        Instant timestamp,
        double value,
        double score,
        boolean isAnomaly,
        @Nullable Double expected,
        @Nullable Double lower,
        @Nullable Double upper,
        boolean late,
        @Nullable Integer detectorVersion,
        @Nullable Map<String, String> entity) {
    /** A point of the default series (no labels), as ingest answers it. */
    public PointView(
            Instant timestamp,
            double value,
            double score,
            boolean isAnomaly,
            Double expected,
            Double lower,
            Double upper,
            boolean late,
            Integer detectorVersion) {
        this(timestamp, value, score, isAnomaly, expected, lower, upper, late, detectorVersion, null);
    }
}
