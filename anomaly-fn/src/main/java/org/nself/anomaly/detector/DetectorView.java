package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** A detector on the wire (the model state itself is never sent). */
@Serdeable
public record DetectorView(
        String id,
        String name,
        Map<String, Object> source,
        String algorithm,
        Map<String, Object> params,
        Map<String, Object> threshold,
        @Nullable String schedule,
        boolean enabled,
        String status,
        @Nullable String statusReason,
        int version,
        long pointsLearned,
        long warmupPoints,
        @Nullable Instant lastTimestamp,
        @Nullable Instant watermark,
        @Nullable Instant lastRunAt,
        Instant createdAt,
        Instant updatedAt) {
    static DetectorView of(Detector d) {
        return new DetectorView(
                d.id(),
                d.spec().name(),
                d.spec().source().toMap(),
                d.spec().algorithm(),
                d.spec().params(),
                d.spec().threshold().toMap(),
                DetectorSpec.scheduleText(d.spec().scheduleSeconds()),
                d.spec().enabled(),
                d.status().wire(),
                d.statusReason(),
                d.version(),
                d.pointsLearned(),
                d.warmupPoints(),
                d.lastTimestamp(),
                d.watermark(),
                d.lastRunAt(),
                d.createdAt(),
                d.updatedAt());
    }
}
