package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code {"detector_id","value","timestamp"}} or {@code {"points":[...]}} (each point may name its detector). */
@Serdeable
record IngestRequest(
        @Nullable String detectorId,
        @Nullable Double value,
        @Nullable String timestamp,
        @Nullable List<PointRequest> points) {
    @Serdeable
    record PointRequest(@Nullable String detectorId, @Nullable Double value, @Nullable String timestamp) {}
}
