package org.nself.anomaly.nab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.algorithm.Algorithm;
import org.nself.anomaly.algorithm.Algorithms;

/**
 * In-process NAB run: one algorithm instance per series, points in time order, the calibrated score
 * of each kept, then NAB's scoring. {@code java ... NabHarness <nab-dir> <algorithm> [key=value...]}.
 */
public final class NabHarness {
    static final int COOLDOWN = Integer.getInteger("nab.cooldown", 0);
    static final boolean RAW = Boolean.getBoolean("nab.raw");

    private NabHarness() {}

    static List<NabScorer.Scored> run(NabCorpus corpus, String algorithm, Map<String, Object> params) {
        List<NabScorer.Scored> out = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            Algorithm a = Algorithms.create(algorithm, params);
            double[] scores = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                var e = a.score(s.timestamps()[i], s.values()[i], true);
                scores[i] = RAW ? e.raw() : e.score();
            }
            out.add(new NabScorer.Scored(s, scores));
        }
        return out;
    }

    /**
     * As {@link #run}, but with the ingest API's rule for a repeated timestamp (a few NAB series have
     * some): the first value sent wins, is learned once, and a repeat answers the score stored for it.
     */
    static List<NabScorer.Scored> runFirstValuePerTimestamp(
            NabCorpus corpus, String algorithm, Map<String, Object> params) {
        List<NabScorer.Scored> out = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            Algorithm a = Algorithms.create(algorithm, params);
            double[] scores = new double[s.size()];
            Map<Long, Double> byTimestamp = new java.util.HashMap<>();
            for (int i = 0; i < s.size(); i++) {
                long t = s.timestamps()[i];
                Double stored = byTimestamp.get(t);
                if (stored == null) {
                    var e = a.score(t, s.values()[i], true);
                    stored = RAW ? e.raw() : e.score();
                    byTimestamp.put(t, stored);
                }
                scores[i] = stored;
            }
            out.add(new NabScorer.Scored(s, scores));
        }
        return out;
    }

    static String report(List<NabScorer.Scored> scored) {
        StringBuilder b = new StringBuilder();
        for (NabScorer.Profile p : NabScorer.PROFILES) {
            NabScorer.Result r =
                    COOLDOWN > 0 ? NabScorer.bestWithCooldown(scored, p, COOLDOWN) : NabScorer.best(scored, p);
            b.append(String.format("%-20s %6.1f  (threshold %.4f)%n", p.name(), r.normalized(), r.threshold()));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "/work/shared/data/nab");
        String algorithm = args.length > 1 ? args[1] : "ensemble";
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            params.put(kv[0], kv[1].matches("-?[0-9.]+") ? (Object) Double.valueOf(kv[1]) : kv[1]);
        }
        NabCorpus corpus = NabCorpus.load(root, n -> true);
        long t0 = System.nanoTime();
        List<NabScorer.Scored> scored = run(corpus, algorithm, params);
        System.out.printf(
                "%s %s: %d series in %d ms%n",
                algorithm, params, corpus.series().size(), (System.nanoTime() - t0) / 1_000_000);
        System.out.print(report(scored));
    }
}
