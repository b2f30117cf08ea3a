package org.nself.anomaly.scoring;

import java.time.Instant;
import org.nself.anomaly.algorithm.Algorithm;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.algorithm.StateIn;
import org.nself.anomaly.algorithm.StateOut;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorSpec;
import org.nself.anomaly.threshold.ThresholdRule;

/**
 * Scores points for one detector in arrival order. A point at or before the newest point already
 * learned is late: it is scored against the model without teaching it or moving the threshold rule,
 * so late and out-of-order data cannot corrupt the model.
 */
final class ScoringRun {
    private final Algorithm algorithm;
    private final ThresholdRule rule;
    private Instant newest;

    ScoringRun(Algorithm algorithm, ThresholdRule rule, Instant newest) {
        this.algorithm = algorithm;
        this.rule = rule;
        this.newest = newest;
    }

    /**
     * The series' model and rule as stored, or fresh when there is none (or it cannot be read); a
     * model its parameters no longer allow (a bound tightened since) is refused naming the parameter.
     */
    static ScoringRun restore(Detector d, SeriesModel m) {
        return DetectorSpec.refusing(() -> restoring(d, m));
    }

    private static ScoringRun restoring(Detector d, SeriesModel m) {
        Algorithm algorithm;
        ThresholdRule rule = new ThresholdRule(d.spec().threshold());
        if (m.state() == null) {
            algorithm = Algorithms.create(d.spec().algorithm(), d.spec().params());
        } else {
            try {
                algorithm = Algorithms.restore(d.spec().algorithm(), d.spec().params(), m.state());
                if (m.ruleState() != null) {
                    rule.read(new StateIn(m.ruleState()));
                }
            } catch (StateIn.CorruptState e) {
                algorithm = Algorithms.create(d.spec().algorithm(), d.spec().params());
                rule = new ThresholdRule(d.spec().threshold());
            }
        }
        return new ScoringRun(algorithm, rule, m.lastTimestamp());
    }

    /** One scored point and what it did to the anomalies. */
    record Scored(Instant timestamp, double value, Estimate estimate, boolean late, ThresholdRule.Outcome outcome) {
        public boolean anomalous() {
            return outcome == ThresholdRule.Outcome.OPENS || outcome == ThresholdRule.Outcome.CONTINUES;
        }
    }

    Scored next(Instant ts, double value) {
        if (newest != null && !ts.isAfter(newest)) {
            Estimate e = algorithm.score(ts.toEpochMilli(), value, false);
            return new Scored(ts, value, e, true, ThresholdRule.Outcome.NORMAL);
        }
        Estimate e = algorithm.score(ts.toEpochMilli(), value, true);
        newest = ts;
        ThresholdRule.Outcome o = rule.next(ts.toEpochMilli(), value, e);
        return new Scored(ts, value, e, false, o);
    }

    Instant newest() {
        return newest;
    }

    Algorithm algorithm() {
        return algorithm;
    }

    /** The model's state as stored. */
    byte[] modelState() {
        return Algorithms.stateOf(algorithm);
    }

    /** The threshold rule's state as stored. */
    byte[] ruleState() {
        StateOut out = new StateOut();
        rule.write(out);
        return out.toByteArray();
    }
}
