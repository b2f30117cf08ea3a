package org.nself.anomaly.detector;

import java.time.Instant;
import java.util.Objects;

/** A detector row: its configuration, status and the persisted model. */
public record Detector(
        String account,
        String id,
        DetectorSpec spec,
        DetectorStatus status,
        String statusReason,
        byte[] state,
        byte[] ruleState,
        long pointsLearned,
        Instant lastTimestamp,
        Instant watermark,
        Instant nextRunAt,
        int version,
        Instant lastRunAt,
        Instant createdAt,
        Instant updatedAt) {

    /** Points the detector learns from before it leaves {@code learning}. */
    public long warmupPoints() {
        return spec.warmupPoints();
    }

    /** Whether running {@code spec} needs a new model: its algorithm, parameters, threshold or source differ. */
    boolean modelChangedBy(DetectorSpec spec) {
        return !spec.algorithm().equals(this.spec.algorithm())
                || !Objects.equals(spec.params(), this.spec.params())
                || !spec.threshold().equals(this.spec.threshold())
                || !spec.source().equals(this.spec.source());
    }
}
