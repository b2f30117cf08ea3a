package org.nself.anomaly.detector;

import java.sql.Connection;

/**
 * Trains the model a changed configuration needs from the detector's stored points, inside the
 * change's transaction (scoring implements it: the points and the scoring rules are its own).
 */
public interface ModelTrainer {
    /** A trained model: its state, the threshold rule's state and how many points it learned. */
    record Trained(byte[] state, byte[] ruleState, long learned) {
        /** No model yet (a new detector). */
        static final Trained NONE = new Trained(null, null, 0);
    }

    /** The model of {@code spec} trained on the stored points of {@code detector}'s default series. */
    Trained train(Connection c, Detector detector, DetectorSpec spec);

    /** Retrains and stores the model of each of {@code detector}'s series with labels for {@code spec}. */
    void trainSeries(Connection c, Detector detector, DetectorSpec spec);
}
