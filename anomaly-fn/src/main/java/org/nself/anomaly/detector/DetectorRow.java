package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.Map;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.threshold.ThresholdConfig;

/** A row of {@code np_anomaly_detectors} as stored; {@link #detector()} reads its configuration. */
@MappedEntity("np_anomaly_detectors")
record DetectorRow(
        String sourceAccountId,
        @Id String id,
        String name,
        @TypeDef(type = DataType.JSON) Map<String, Object> source,
        String algorithm,
        @TypeDef(type = DataType.JSON) Map<String, Object> params,
        @TypeDef(type = DataType.JSON) Map<String, Object> threshold,
        @Nullable String schedule,
        boolean enabled,
        String status,
        @Nullable String statusReason,
        @Nullable byte[] state,
        @Nullable byte[] ruleState,
        long pointsLearned,
        @Nullable Instant lastTimestamp,
        @Nullable Instant watermark,
        @Nullable Instant nextRunAt,
        int version,
        @Nullable Instant lastRunAt,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {

    /** The row of a detector configured as {@code spec}, with its status and model (the times are the database's). */
    static DetectorRow of(
            String account,
            String id,
            DetectorSpec spec,
            DetectorStatus status,
            String statusReason,
            ModelTrainer.Trained model,
            int version,
            Instant nextRunAt) {
        return new DetectorRow(
                account,
                id,
                spec.name(),
                spec.source().toMap(),
                spec.algorithm(),
                spec.params(),
                spec.threshold().toMap(),
                DetectorSpec.scheduleText(spec.scheduleSeconds()),
                spec.enabled(),
                status.wire(),
                statusReason,
                model.state(),
                model.ruleState(),
                model.learned(),
                null,
                null,
                nextRunAt,
                version,
                null,
                null,
                null);
    }

    Detector detector() {
        return DetectorSpec.refusing(() -> new Detector(
                sourceAccountId,
                id,
                new DetectorSpec(
                        name,
                        SourceConfig.parse(source),
                        algorithm,
                        params,
                        ThresholdConfig.parse(threshold),
                        schedule == null ? null : Integer.valueOf(schedule.substring(0, schedule.length() - 1)),
                        enabled),
                DetectorStatus.of(status),
                statusReason,
                state,
                ruleState,
                pointsLearned,
                lastTimestamp,
                watermark,
                nextRunAt,
                version,
                lastRunAt,
                createdAt,
                updatedAt));
    }
}
