package org.nself.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {
    static final NabScorer.Profile STANDARD = NabScorer.PROFILES.get(0);

    /** 1000 rows (probation 150), one window over rows 500..599. */
    static NabCorpus.Series series() {
        long[] ts = new long[1000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 60_000L;
        }
        return new NabCorpus.Series("s.csv", ts, new double[1000], List.of(new int[] {500, 599}));
    }

    static double[] detectionsAt(int... rows) {
        double[] d = new double[1000];
        for (int r : rows) {
            d[r] = 1;
        }
        return d;
    }

    static double score(double[] d) {
        return NabScorer.best(List.of(new NabScorer.Scored(series(), d)), STANDARD)
                .normalized();
    }

    @Test
    void aDetectorThatNeverFiresScoresZeroAndOneThatFiresAtEachWindowStartScoresAHundred() {
        assertThat(score(new double[1000])).isEqualTo(0.0);
        assertThat(score(detectionsAt(500))).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void anEarlierDetectionInTheWindowEarnsMore() {
        assertThat(score(detectionsAt(520))).isGreaterThan(score(detectionsAt(580)));
        // only the first detection in a window counts
        assertThat(score(detectionsAt(520, 530, 540))).isEqualTo(score(detectionsAt(520)));
    }

    @Test
    void aFalsePositiveBeforeAnyWindowCostsTheFullFpWeightAndOneJustAfterAWindowCostsLess() {
        double oneFp = 100 - score(detectionsAt(500, 300));
        assertThat(oneFp).isCloseTo(100 * 0.11 / 2, within(1e-9));
        double afterWindow = 100 - score(detectionsAt(500, 605));
        assertThat(afterWindow).isPositive().isLessThan(oneFp);
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        assertThat(score(detectionsAt(500, 100))).isCloseTo(100.0, within(1e-9));
        assertThat(NabScorer.probation(1000)).isEqualTo(150);
        assertThat(NabScorer.probation(22_695)).isEqualTo(750);
    }

    @Test
    void theSigmoidIsZeroAtTheWindowEndAndMinusOneFarAfter() {
        assertThat(NabScorer.scaledSigmoid(0)).isEqualTo(0.0);
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabScorer.scaledSigmoid(-1)).isCloseTo(0.9866, within(1e-4));
    }

    @Test
    void theMissedWindowCostsMoreUnderTheLowFalseNegativeProfile() {
        NabScorer.Scored fp = new NabScorer.Scored(series(), detectionsAt(300));
        assertThat(NabScorer.best(List.of(fp), NabScorer.PROFILES.get(2)).normalized())
                .isEqualTo(0.0);
        assertThat(NabScorer.normalizedAt(List.of(fp), STANDARD, 0.5)).isLessThan(0);
    }
}
