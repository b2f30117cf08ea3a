package org.nself.anomaly.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.source.Entity;

/** An anomaly of one series being built or extended while a batch is scored; written once at the end. */
final class EventDraft {
    final UUID id;
    final String detectorId;
    final Entity entity;
    final boolean isNew;
    final Instant startedAt;
    Instant endedAt;
    double peakScore;
    double peakValue;
    Double peakExpected;
    int pointCount;
    String direction;
    String status;
    final int detectorVersion;
    final String algorithm;
    final Map<String, Object> params;

    EventDraft(
            UUID id,
            String detectorId,
            Entity entity,
            boolean isNew,
            Instant startedAt,
            Instant endedAt,
            double peakScore,
            double peakValue,
            Double peakExpected,
            int pointCount,
            String direction,
            String status,
            int detectorVersion,
            String algorithm,
            Map<String, Object> params) {
        this.id = id;
        this.detectorId = detectorId;
        this.entity = entity;
        this.isNew = isNew;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.peakScore = peakScore;
        this.peakValue = peakValue;
        this.peakExpected = peakExpected;
        this.pointCount = pointCount;
        this.direction = direction;
        this.status = status;
        this.detectorVersion = detectorVersion;
        this.algorithm = algorithm;
        this.params = params;
    }

    /** A new anomaly that {@code first} opens (add it next); its peak starts at the first point's value. */
    static EventDraft opening(UUID id, Detector d, Entity entity, ScoringRun.Scored first) {
        return opening(
                id,
                d.id(),
                entity,
                first,
                d.version(),
                d.spec().algorithm(),
                d.spec().params());
    }

    static EventDraft opening(
            UUID id,
            String detectorId,
            Entity entity,
            ScoringRun.Scored first,
            int detectorVersion,
            String algorithm,
            Map<String, Object> params) {
        return new EventDraft(
                id,
                detectorId,
                entity,
                true,
                first.timestamp(),
                first.timestamp(),
                0,
                first.value(),
                first.estimate().expected(),
                0,
                "up",
                "open",
                detectorVersion,
                algorithm,
                params);
    }

    void add(ScoringRun.Scored p) {
        endedAt = p.timestamp();
        pointCount++;
        if (p.estimate().score() > peakScore) {
            peakScore = p.estimate().score();
            peakValue = p.value();
            peakExpected = p.estimate().expected();
            direction = p.value() >= p.estimate().expected() ? "up" : "down";
        }
    }
}
