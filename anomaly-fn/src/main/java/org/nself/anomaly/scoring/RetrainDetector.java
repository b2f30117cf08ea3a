package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorSpec;
import org.nself.anomaly.detector.ModelTrainer;
import org.nself.anomaly.source.Entity;
import org.nself.anomaly.threshold.ThresholdRule;

/** Fresh models for a changed configuration, trained on the latest stored points of each of the detector's series. */
@Singleton
record RetrainDetector(DataPointRepository points, EntityRepository entities) implements ModelTrainer {
    /** Points replayed when a configuration change retrains a detector (each of its series). */
    static final int RETRAIN_POINTS = 50_000;
    /** Points replayed over all of a detector's labelled series together (at least 1,000 each). */
    static final int RETRAIN_SERIES_POINTS = 1_000_000;

    @Override
    public Trained train(Connection c, Detector detector, DetectorSpec spec) {
        ScoringRun run = replayed(c, detector, spec, Entity.DEFAULT, RETRAIN_POINTS);
        return new Trained(run.modelState(), run.ruleState(), run.algorithm().seen());
    }

    @Override
    public void trainSeries(Connection c, Detector detector, DetectorSpec spec) {
        List<SeriesModel> series = entities.all(c, detector.account(), detector.id());
        int each =
                series.isEmpty() ? 0 : Math.min(RETRAIN_POINTS, Math.max(1_000, RETRAIN_SERIES_POINTS / series.size()));
        for (SeriesModel m : series) {
            ScoringRun run = replayed(c, detector, spec, m.entity(), each);
            entities.save(
                    c,
                    detector.account(),
                    detector.id(),
                    new SeriesModel(
                            m.entity(),
                            run.modelState(),
                            run.ruleState(),
                            run.algorithm().seen(),
                            run.newest(),
                            m.watermark()));
        }
    }

    private ScoringRun replayed(Connection c, Detector detector, DetectorSpec spec, Entity entity, int limit) {
        ScoringRun run = new ScoringRun(
                Algorithms.create(spec.algorithm(), spec.params()), new ThresholdRule(spec.threshold()), null);
        for (PointView p : points.latest(c, detector.account(), detector.id(), entity.key(), limit)) {
            run.next(p.timestamp(), p.value());
        }
        return run;
    }
}
