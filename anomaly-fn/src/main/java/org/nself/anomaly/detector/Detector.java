package org.nself.anomaly.detector;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.threshold.ThresholdConfig;

/** A detector row: configuration, status and the persisted model. */
public record Detector(
        String account,
        String id,
        String name,
        SourceConfig source,
        String algorithm,
        Map<String, Object> params,
        ThresholdConfig threshold,
        Integer scheduleSeconds,
        boolean enabled,
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
        return warmupPoints(algorithm, params, threshold);
    }

    static long warmupPoints(String algorithm, Map<String, Object> params, ThresholdConfig threshold) {
        if (algorithm.equals("threshold")) {
            return threshold.warmupPoints();
        }
        Object learning = params.get("calibration_learning");
        long calibration = learning instanceof Number n ? n.longValue() : 300;
        return Math.max(calibration, threshold.warmupPoints());
    }

    /** Whether running {@code spec} needs a new model: its algorithm, parameters, threshold or source differ. */
    boolean modelChangedBy(DetectorSpec spec) {
        return !spec.algorithm().equals(algorithm)
                || !Objects.equals(spec.params(), params)
                || !spec.threshold().equals(threshold)
                || !spec.source().equals(source);
    }
}
