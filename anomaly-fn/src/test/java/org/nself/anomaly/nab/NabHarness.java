package org.nself.anomaly.nab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nself.anomaly.algorithm.Algorithm;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.anomaly.threshold.ThresholdRule;

/**
 * In-process NAB run: one algorithm instance per series, points in time order, what it says of each
 * kept; then the detector's own {@link ThresholdRule} turns those into detections exactly as the API
 * does (a detection is a point that opens an anomaly). No HTTP, no database: for the cross-validation,
 * which tries many thresholds and cooldowns on one pass of the model.
 */
final class NabHarness {
    private NabHarness() {}

    /** What the model said of each row of one series, with the API's rule for a repeated timestamp. */
    record Estimated(NabCorpus.Series series, Estimate[] estimates, boolean[] repeat) {}

    /** Every row learned, as NAB's files are (the scores the API test compares on series without repeats). */
    static List<NabScorer.Scored> run(NabCorpus corpus, String algorithm, Map<String, Object> params) {
        List<NabScorer.Scored> out = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            Algorithm a = Algorithms.create(algorithm, params);
            double[] scores = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                scores[i] = a.score(s.timestamps()[i], s.values()[i], true).score();
            }
            out.add(new NabScorer.Scored(s, scores));
        }
        return out;
    }

    /**
     * As the ingest API does for a repeated timestamp (a few NAB series have some): the first value sent
     * wins and is learned once, and a repeat answers what was stored for it.
     */
    static List<Estimated> estimate(NabCorpus corpus, String algorithm, Map<String, Object> params) {
        List<Estimated> out = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            Algorithm a = Algorithms.create(algorithm, params);
            Estimate[] e = new Estimate[s.size()];
            boolean[] repeat = new boolean[s.size()];
            Map<Long, Estimate> byTimestamp = new HashMap<>();
            for (int i = 0; i < s.size(); i++) {
                long t = s.timestamps()[i];
                Estimate stored = byTimestamp.get(t);
                repeat[i] = stored != null;
                if (stored == null) {
                    stored = a.score(t, s.values()[i], true);
                    byTimestamp.put(t, stored);
                }
                e[i] = stored;
            }
            out.add(new Estimated(s, e, repeat));
        }
        return out;
    }

    static List<NabScorer.Scored> scores(List<Estimated> estimated) {
        return estimated.stream()
                .map(x -> {
                    double[] s = new double[x.estimates().length];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = x.estimates()[i].score();
                    }
                    return new NabScorer.Scored(x.series(), s);
                })
                .toList();
    }

    /**
     * The detections a detector with {@code threshold} makes: 1 where its rule opens an anomaly (the first
     * point of a new {@code anomaly_id} in the API's answer), else 0. A repeated timestamp answers the stored
     * point, which opens nothing new.
     */
    static List<NabScorer.Scored> detections(List<Estimated> estimated, ThresholdConfig threshold) {
        List<NabScorer.Scored> out = new ArrayList<>(estimated.size());
        for (Estimated x : estimated) {
            NabCorpus.Series s = x.series();
            ThresholdRule rule = new ThresholdRule(threshold);
            double[] d = new double[s.size()];
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < d.length; i++) {
                if (x.repeat()[i] || !seen.add(s.timestamps()[i])) {
                    continue;
                }
                d[i] = rule.next(s.timestamps()[i], s.values()[i], x.estimates()[i]) == ThresholdRule.Outcome.OPENS
                        ? 1
                        : 0;
            }
            out.add(new NabScorer.Scored(s, d));
        }
        return out;
    }
}
