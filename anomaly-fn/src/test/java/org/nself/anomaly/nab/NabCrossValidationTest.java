package org.nself.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.threshold.ThresholdConfig;

class NabCrossValidationTest {
    static final NabScorer.Profile STANDARD = NabScorer.PROFILES.get(0);

    /** 1,000 rows a minute apart (probation 150), a window over 500..599, one score spike at {@code spike}. */
    static NabHarness.Estimated series(String name, int spike, double height) {
        long[] ts = new long[1000];
        Estimate[] e = new Estimate[1000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 60_000L;
            e[i] = new Estimate(i == spike || i == spike + 1 ? height : 0.1, 0, 0, 0, 0);
        }
        var s = new NabCorpus.Series(name, ts, new double[1000], List.of(new int[] {500, 599}));
        return new NabHarness.Estimated(s, e, new boolean[1000]);
    }

    static final List<NabCrossValidation.Candidate> GRID =
            List.of(new NabCrossValidation.Candidate(0.5, 0), new NabCrossValidation.Candidate(0.95, 0));

    @Test
    void eachCategoryIsHeldOutOnceAndScoredWithWhatTheOthersChose() {
        // a and b: spikes of 0.9 inside their windows (a threshold of 0.5 detects them, 0.95 misses);
        // c: its spike of 0.9 is outside the window, so c alone would prefer 0.95
        List<NabHarness.Estimated> all =
                List.of(series("a/1.csv", 510, 0.9), series("b/1.csv", 520, 0.9), series("c/1.csv", 300, 0.9));
        var t = NabCrossValidation.table(all, GRID, STANDARD);
        var r = NabCrossValidation.crossValidate(t, STANDARD);
        assertThat(r.folds()).extracting(NabCrossValidation.Fold::heldOut).containsExactly("a", "b", "c");
        // held out, c is scored with 0.5 (chosen on a and b): it pays the false positive and misses its window
        var c = r.folds().get(2);
        assertThat(c.chosen().threshold()).isEqualTo(0.5);
        assertThat(c.heldOutScore()).isLessThan(0);
        // held out, a is scored with what b and c chose: 0.5 detects b and costs c one FP, 0.95 detects nothing
        assertThat(r.folds().get(0).chosen().threshold()).isEqualTo(0.5);
        assertThat(r.folds().get(0).heldOutScore()).isGreaterThan(90);
        // the pooled figure is the held-out parts normalised together; the dev figure chooses on everything
        double pooled = NabScorer.normalized(
                r.folds().stream().map(NabCrossValidation.Fold::heldOutPart).toList(), STANDARD);
        assertThat(r.pooled()).isCloseTo(pooled, within(1e-12));
        assertThat(r.dev().threshold()).isEqualTo(0.5);
    }

    @Test
    void aFileScoredThroughItsPartsScoresAsTheScorerDoes() {
        var all = List.of(series("a/1.csv", 510, 0.9), series("c/1.csv", 300, 0.9));
        var d = NabHarness.detections(all, GRID.get(0).config());
        for (NabScorer.Profile p : NabScorer.PROFILES) {
            double viaParts = NabScorer.normalized(
                    d.stream().map(x -> NabScorer.part(x, p)).toList(), p);
            assertThat(viaParts).isCloseTo(NabScorer.detected(d, p), within(1e-9));
        }
    }

    @Test
    void detectionsAreWhereTheRuleOpensAnAnomalyAndTheCooldownCountsSamplingIntervals() {
        // two spikes of two rows each, 30 rows apart: two anomalies without a cooldown, one with 50 intervals
        long[] ts = new long[200];
        Estimate[] e = new Estimate[200];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 300_000L;
            boolean high = i == 100 || i == 101 || i == 130 || i == 131;
            e[i] = new Estimate(high ? 0.9 : 0.1, 0, 0, 0, 0);
        }
        var s = new NabHarness.Estimated(
                new NabCorpus.Series("a/1.csv", ts, new double[200], List.of()), e, new boolean[200]);
        double[] none = NabHarness.detections(List.of(s), new NabCrossValidation.Candidate(0.5, 0).config())
                .get(0)
                .scores();
        double[] fifty = NabHarness.detections(List.of(s), new NabCrossValidation.Candidate(0.5, 50).config())
                .get(0)
                .scores();
        assertThat(indexesOf(none)).containsExactly(100, 130);
        assertThat(indexesOf(fifty)).containsExactly(100);
        double[] twenty = NabHarness.detections(List.of(s), new NabCrossValidation.Candidate(0.5, 20).config())
                .get(0)
                .scores();
        assertThat(indexesOf(twenty)).containsExactly(100, 130);
    }

    static List<Integer> indexesOf(double[] d) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            if (d[i] > 0) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The cross-validation on the whole dev subset, in-process (a few minutes):
     * {@code -Dgroups=nab -Danomaly.excludedGroups=none -Dtest=NabCrossValidationTest}; the grid is
     * {@code -Dnab.cv.thresholds=from:to:step} and {@code -Dnab.cv.cooldowns=a,b,...}; with
     * {@code -Dnab.cv.boosts=0,2} the ensemble's {@code context_boost} is chosen too (default model: 1).
     */
    @Test
    @Tag("nab")
    void leaveOneCategoryOutOnTheDevSubset() {
        NabCorpus corpus = NabCorpus.load(NabApiHarnessTest.nab(), n -> true);
        long t0 = System.nanoTime();
        List<NabHarness.Estimated> estimated = NabHarness.estimate(corpus, "ensemble", Map.of());
        // the models to choose among: the default, and each -Dnab.cv.boosts context_boost
        Map<String, List<NabHarness.Estimated>> models = new java.util.LinkedHashMap<>();
        models.put(NabCrossValidation.DEFAULT_MODEL, estimated);
        for (String boost : System.getProperty("nab.cv.boosts", "").split(",")) {
            if (!boost.isBlank()) {
                models.put(
                        "context_boost=" + boost,
                        NabHarness.estimate(corpus, "ensemble", Map.of("context_boost", Double.parseDouble(boost))));
            }
        }
        long modelMs = (System.nanoTime() - t0) / 1_000_000;
        double[] th = Arrays.stream(System.getProperty("nab.cv.thresholds", "0.70:0.98:0.005")
                        .split(":"))
                .mapToDouble(Double::parseDouble)
                .toArray();
        int[] cooldowns = Arrays.stream(System.getProperty("nab.cv.cooldowns", "0,25,50,100,200,400")
                        .split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        List<NabCrossValidation.Candidate> grid = new ArrayList<>();
        for (int k = 0; th[0] + k * th[2] <= th[1] + 1e-9; k++) {
            for (int c : cooldowns) {
                for (String model : models.keySet()) {
                    grid.add(new NabCrossValidation.Candidate(model, Math.round((th[0] + k * th[2]) * 1e4) / 1e4, c));
                }
            }
        }
        StringBuilder b = new StringBuilder(String.format(
                "NAB leave-one-category-out, ensemble models %s, %d series, model passes %d ms, %d candidates%n",
                models.keySet(), corpus.series().size(), modelMs, grid.size()));
        ThresholdConfig defaults = org.nself.anomaly.detector.DetectorSpec.threshold(Map.of(), "ensemble", Map.of());
        for (NabScorer.Profile p : NabScorer.PROFILES) {
            var r = NabCrossValidation.crossValidate(NabCrossValidation.table(models, grid, p), p);
            b.append(p.name()).append('\n');
            for (var f : r.folds()) {
                b.append(String.format(
                        "  held out %-22s chosen %s %.4f / %3d intervals (train %.1f)  held-out %s  raw %.2f%n",
                        f.heldOut(),
                        f.chosen().model(),
                        f.chosen().threshold(),
                        f.chosen().cooldownIntervals(),
                        f.train(),
                        Double.isNaN(f.heldOutScore()) ? "  n/a" : String.format("%5.1f", f.heldOutScore()),
                        f.heldOutPart().raw()));
            }
            double atDefault = NabScorer.detected(NabHarness.detections(estimated, defaults), p);
            b.append(String.format(
                    "  CV pooled %.1f  CV mean (folds with windows) %.1f  dev-subset best %.1f at %s %.4f / %d"
                            + "  default config (%.2f / %d) %.1f%n",
                    r.pooled(),
                    r.mean(),
                    r.devScore(),
                    r.dev().model(),
                    r.dev().threshold(),
                    r.dev().cooldownIntervals(),
                    defaults.scoreThreshold(),
                    defaults.cooldownIntervals(),
                    atDefault));
            assertThat(r.folds()).hasSize(5);
        }
        b.append("false positives at the default config:\n")
                .append(NabCrossValidation.falsePositiveRates(estimated, defaults));
        System.out.println(b);
    }
}
