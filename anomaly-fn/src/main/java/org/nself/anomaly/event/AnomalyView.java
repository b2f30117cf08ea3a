package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.scoring.PointView;

/**
 * An anomaly: consecutive anomalous points of one series of a detector ({@code entity}: the series' labels,
 * absent for the default series). {@code context} only on the detail view.
 */
@Serdeable
public record AnomalyView(
        UUID id,
        String detectorId,
        @Nullable Map<String, String> entity,
        Instant startedAt,
        Instant endedAt,
        double peakScore,
        double peakValue,
        @Nullable Double peakExpected,
        int pointCount,
        String severity,
        String direction,
        String status,
        @Nullable String feedback,
        @Nullable String feedbackNote,
        int detectorVersion,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Context context) {

    /** This anomaly with its scoring context (the detail view). */
    AnomalyView with(Context detail) {
        return copy(entity, detail);
    }

    /** This anomaly with the labels of its series (none for a detector's default series). */
    AnomalyView in(Map<String, String> labels) {
        return copy(labels.isEmpty() ? null : labels, context);
    }

    private AnomalyView copy(Map<String, String> labels, Context detail) {
        return new AnomalyView(
                id,
                detectorId,
                labels,
                startedAt,
                endedAt,
                peakScore,
                peakValue,
                peakExpected,
                pointCount,
                severity,
                direction,
                status,
                feedback,
                feedbackNote,
                detectorVersion,
                createdAt,
                updatedAt,
                detail);
    }

    /** The scoring context: the algorithm and parameters that raised it and the points around it with bands. */
    @Serdeable
    public record Context(
            String algorithm, Map<String, Object> params, Map<String, Object> threshold, List<PointView> points) {}
}
