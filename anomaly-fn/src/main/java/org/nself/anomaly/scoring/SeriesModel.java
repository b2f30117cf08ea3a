package org.nself.anomaly.scoring;

import java.time.Instant;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.source.Entity;

/**
 * The stored model one series of a detector is scored with: the detector row's for its default series,
 * an {@code np_anomaly_entities} row's for a series with labels. {@code watermark}: its newest pulled point.
 */
record SeriesModel(
        Entity entity, byte[] state, byte[] ruleState, long learned, Instant lastTimestamp, Instant watermark) {
    static SeriesModel of(Detector d) {
        return new SeriesModel(
                Entity.DEFAULT, d.state(), d.ruleState(), d.pointsLearned(), d.lastTimestamp(), d.watermark());
    }

    static SeriesModel fresh(Entity entity) {
        return new SeriesModel(entity, null, null, 0, null, null);
    }
}
