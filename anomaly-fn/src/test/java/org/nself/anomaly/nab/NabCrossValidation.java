package org.nself.anomaly.nab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.threshold.ThresholdConfig;

/**
 * Leave-one-category-out cross-validation: for each of the dev subset's categories, the threshold
 * configuration (score threshold and cooldown in sampling intervals) of each profile is chosen on the
 * other categories and the held-out one is scored with it. Detections come from the detector's own
 * rule ({@link NabHarness#detections}), scored as they are.
 */
final class NabCrossValidation {
    static final String DEFAULT_MODEL = "default";

    private NabCrossValidation() {}

    /** One candidate: the model (a label of its parameters) and the threshold configuration. */
    record Candidate(String model, double threshold, int cooldownIntervals) {
        Candidate(double threshold, int cooldownIntervals) {
            this(DEFAULT_MODEL, threshold, cooldownIntervals);
        }

        ThresholdConfig config() {
            return ThresholdConfig.parse(Map.of("score_threshold", threshold, "cooldown_intervals", cooldownIntervals));
        }
    }

    static String category(NabCorpus.Series s) {
        return s.name().substring(0, s.name().indexOf('/'));
    }

    /** Each candidate's per-file scores for one profile: {@code parts[candidate][file]}. */
    record Table(List<Candidate> candidates, List<NabCorpus.Series> files, NabScorer.Part[][] parts) {
        double score(int candidate, java.util.function.Predicate<NabCorpus.Series> include, NabScorer.Profile p) {
            List<NabScorer.Part> chosen = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                if (include.test(files.get(f))) {
                    chosen.add(parts[candidate][f]);
                }
            }
            return NabScorer.normalized(chosen, p);
        }

        /** The candidate with the best score on the files {@code include} admits (the first on a tie). */
        int best(java.util.function.Predicate<NabCorpus.Series> include, NabScorer.Profile p) {
            int best = 0;
            for (int c = 1; c < candidates.size(); c++) {
                if (score(c, include, p) > score(best, include, p)) {
                    best = c;
                }
            }
            return best;
        }
    }

    static Table table(List<NabHarness.Estimated> estimated, List<Candidate> candidates, NabScorer.Profile p) {
        return table(Map.of(DEFAULT_MODEL, estimated), candidates, p);
    }

    /** As above, each candidate's detections from the model its label names. */
    static Table table(
            Map<String, List<NabHarness.Estimated>> models, List<Candidate> candidates, NabScorer.Profile p) {
        List<NabHarness.Estimated> estimated = models.values().iterator().next();
        NabScorer.Part[][] parts = new NabScorer.Part[candidates.size()][];
        for (int c = 0; c < candidates.size(); c++) {
            List<NabScorer.Scored> d = NabHarness.detections(
                    models.get(candidates.get(c).model()), candidates.get(c).config());
            parts[c] = d.stream().map(x -> NabScorer.part(x, p)).toArray(NabScorer.Part[]::new);
        }
        return new Table(
                candidates, estimated.stream().map(NabHarness.Estimated::series).toList(), parts);
    }

    /** One fold: the held-out category, what was chosen without it, and the scores. */
    record Fold(String heldOut, Candidate chosen, double train, double heldOutScore, NabScorer.Part heldOutPart) {}

    /** The folds, in the order the categories first appear, and the cross-validated figures. */
    record Result(
            NabScorer.Profile profile, List<Fold> folds, double pooled, double mean, Candidate dev, double devScore) {}

    static Result crossValidate(Table t, NabScorer.Profile p) {
        List<Fold> folds = new ArrayList<>();
        List<NabScorer.Part> pooled = new ArrayList<>();
        for (String held : categories(t.files())) {
            int c = t.best(s -> !category(s).equals(held), p);
            List<NabScorer.Part> heldParts = new ArrayList<>();
            for (int f = 0; f < t.files().size(); f++) {
                if (category(t.files().get(f)).equals(held)) {
                    heldParts.add(t.parts()[c][f]);
                }
            }
            pooled.addAll(heldParts);
            NabScorer.Part sum = new NabScorer.Part(
                    heldParts.stream().mapToDouble(NabScorer.Part::raw).sum(),
                    heldParts.stream().mapToInt(NabScorer.Part::windows).sum());
            folds.add(new Fold(
                    held,
                    t.candidates().get(c),
                    t.score(c, s -> !category(s).equals(held), p),
                    NabScorer.normalized(List.of(sum), p),
                    sum));
        }
        double mean = folds.stream()
                .mapToDouble(Fold::heldOutScore)
                .filter(x -> !Double.isNaN(x))
                .average()
                .orElse(Double.NaN);
        int dev = t.best(s -> true, p);
        return new Result(
                p, folds, NabScorer.normalized(pooled, p), mean, t.candidates().get(dev), t.score(dev, s -> true, p));
    }

    static List<String> categories(List<NabCorpus.Series> files) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        files.forEach(s -> seen.put(category(s), true));
        return new ArrayList<>(seen.keySet());
    }

    /**
     * False positives per 1,000 scored rows (after probation, outside every window) of each category at
     * {@code config}, and the detections in windows over the windows.
     */
    static String falsePositiveRates(List<NabHarness.Estimated> estimated, ThresholdConfig config) {
        List<NabScorer.Scored> d = NabHarness.detections(estimated, config);
        Map<String, long[]> byCategory = new LinkedHashMap<>();
        for (NabScorer.Scored f : d) {
            NabCorpus.Series s = f.series();
            long[] c = byCategory.computeIfAbsent(category(s), k -> new long[4]);
            boolean[] inWindow = new boolean[s.size()];
            for (int[] w : s.windows()) {
                java.util.Arrays.fill(inWindow, w[0], w[1] + 1, true);
            }
            int prob = NabScorer.probation(s.size());
            for (int i = prob; i < s.size(); i++) {
                if (!inWindow[i]) {
                    c[0]++;
                    c[1] += f.scores()[i] > 0 ? 1 : 0;
                }
            }
            for (int[] w : s.windows()) {
                if (w[1] < prob) {
                    continue;
                }
                c[2]++;
                for (int i = Math.max(prob, w[0]); i <= w[1]; i++) {
                    if (f.scores()[i] > 0) {
                        c[3]++;
                        break;
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        byCategory.forEach((k, c) -> b.append(String.format(
                "  %-22s %4d FP in %7d rows outside windows = %.3f per 1,000; windows detected %d of %d%n",
                k, c[1], c[0], 1000.0 * c[1] / c[0], c[3], c[2])));
        return b.toString();
    }
}
