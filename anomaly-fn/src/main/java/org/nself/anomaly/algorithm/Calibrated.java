package org.nself.anomaly.algorithm;

/** A raw model plus its {@link Likelihood}: what every statistical algorithm here is. */
record Calibrated(RawModel model, Likelihood likelihood) implements Algorithm {
    @Override
    public Estimate score(long epochMillis, double value, boolean learn) {
        Estimate raw = model.raw(epochMillis, value, learn);
        double score = likelihood.score(raw.raw(), learn);
        return new Estimate(score, raw.raw(), raw.expected(), raw.lower(), raw.upper());
    }

    @Override
    public long seen() {
        return model.seen();
    }

    @Override
    public void writeState(StateOut out) {
        model.write(out);
        likelihood.write(out);
    }

    Calibrated read(StateIn in) {
        model.read(in);
        likelihood.read(in);
        return this;
    }
}
