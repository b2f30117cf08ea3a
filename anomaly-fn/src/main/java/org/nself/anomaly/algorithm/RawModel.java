package org.nself.anomaly.algorithm;

/** The uncalibrated half of an algorithm: a raw score (0 = normal, growing with surprise) and a band. */
interface RawModel {
    /** An estimate whose {@code score} is ignored; {@code raw} carries the model's own score. */
    Estimate raw(long epochMillis, double value, boolean learn);

    long seen();

    /** A raw score that counts as clearly surprising for this model (3 for z-like scores). */
    default double nominal() {
        return Double.parseDouble(System.getProperty("lk.nominal", "3"));
    }

    void write(StateOut out);

    void read(StateIn in);
}
