package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A stored point with its score and band on the wire: in a detector's series (with the version of
 * the detector that scored it), in an anomaly's context and in an ingest answer (without).
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
        @Nullable Integer detectorVersion) {}
