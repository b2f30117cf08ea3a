package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorSpec;
import org.nself.anomaly.detector.ModelTrainer;
import org.nself.anomaly.threshold.ThresholdRule;

/** A fresh model for a changed configuration, trained on the detector's latest stored points. */
@Singleton
record RetrainDetector(DataPointRepository points) implements ModelTrainer {
    /** Points replayed when a configuration change retrains a detector. */
    static final int RETRAIN_POINTS = 50_000;

    @Override
    public Trained train(Connection c, Detector detector, DetectorSpec spec) {
        ScoringRun run = new ScoringRun(
                Algorithms.create(spec.algorithm(), spec.params()), new ThresholdRule(spec.threshold()), null);
        for (PointView p : points.latest(c, detector.account(), detector.id(), RETRAIN_POINTS)) {
            run.next(p.timestamp(), p.value());
        }
        return new Trained(run.modelState(), run.ruleState(), run.algorithm().seen());
    }
}
