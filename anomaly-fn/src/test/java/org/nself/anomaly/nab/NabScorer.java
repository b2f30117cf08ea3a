package org.nself.anomaly.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring rules (numenta/NAB sweeper): probation of the first 15% (at most 750 rows) unscored;
 * the earliest detection in a window earns a sigmoid-weighted reward; each detection outside every
 * window costs fpWeight, less if it falls soon after a window; a missed window costs fnWeight;
 * normalised so that a detector that never fires scores 0 and a perfect one 100. {@link #detected}
 * scores detections as given (1 = a detection), with nothing suppressed or added.
 */
final class NabScorer {
    record Profile(String name, double tp, double fn, double fp) {}

    static final List<Profile> PROFILES = List.of(
            new Profile("standard", 1.0, 1.0, 0.11),
            new Profile("reward_low_FP_rate", 1.0, 1.0, 0.22),
            new Profile("reward_low_FN_rate", 1.0, 2.0, 0.11));

    record Result(Profile profile, double threshold, double normalized, double raw) {}

    /** A file's scores from a detector. */
    record Scored(NabCorpus.Series series, double[] scores) {}

    static double scaledSigmoid(double x) {
        if (x > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    static int probation(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    private record Point(double score, double sweep, String window) {}

    /** Sweeps every distinct score as threshold and keeps the best. */
    static Result best(List<Scored> files, Profile profile) {
        return sweep(files, profile, null);
    }

    /** With {@code fixed}, the score of exactly that threshold; otherwise the best over all thresholds. */
    private static Result sweep(List<Scored> files, Profile profile, Double fixed) {
        List<Point> points = new ArrayList<>();
        Map<String, Double> parts = new HashMap<>();
        int windows = 0;
        double maxTp = scaledSigmoid(-1.0);
        for (Scored f : files) {
            NabCorpus.Series s = f.series();
            int prob = probation(s.size());
            int[] windowOf = new int[s.size()];
            java.util.Arrays.fill(windowOf, -1);
            for (int w = 0; w < s.windows().size(); w++) {
                int[] lim = s.windows().get(w);
                for (int i = lim[0]; i <= lim[1]; i++) {
                    windowOf[i] = w;
                }
            }
            int prevRight = -1;
            int prevWidth = 0;
            for (int i = 0; i < s.size(); i++) {
                int w = windowOf[i];
                double sweep;
                String name = null;
                if (w >= 0) {
                    int[] lim = s.windows().get(w);
                    int width = lim[1] - lim[0] + 1;
                    sweep = scaledSigmoid(-(lim[1] - i + 1) / (double) width) * profile.tp() / maxTp;
                    name = s.name() + "|" + w;
                    if (i == lim[1]) {
                        prevRight = lim[1];
                        prevWidth = width;
                    }
                } else if (prevRight < 0) {
                    sweep = -1.0 * profile.fp();
                } else {
                    sweep = scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1)) * profile.fp();
                }
                if (i < prob) {
                    continue;
                }
                if (name != null && !parts.containsKey(name)) {
                    parts.put(name, -profile.fn());
                    windows++;
                }
                points.add(new Point(f.scores()[i], sweep, name));
            }
        }
        points.sort(Comparator.comparingDouble(Point::score).reversed());
        double fp = 0;
        double windowSum = -profile.fn() * windows;
        double bestScore = windowSum;
        double bestThreshold = 1.1;
        double fixedScore = windowSum;
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            if (p.window() == null) {
                fp += p.sweep();
            } else {
                double old = parts.get(p.window());
                if (p.sweep() > old) {
                    parts.put(p.window(), p.sweep());
                    windowSum += p.sweep() - old;
                }
            }
            boolean boundary = k + 1 == points.size() || points.get(k + 1).score() != p.score();
            if (boundary && fixed != null && p.score() >= fixed) {
                fixedScore = fp + windowSum;
            }
            if (boundary && fp + windowSum > bestScore) {
                bestScore = fp + windowSum;
                bestThreshold = p.score();
            }
        }
        double nullScore = -profile.fn() * windows;
        double perfect = profile.tp() * windows;
        double chosen = fixed == null ? bestScore : fixedScore;
        double normalized = windows == 0 ? 0 : 100 * (chosen - nullScore) / (perfect - nullScore);
        return new Result(profile, fixed == null ? bestThreshold : fixed, normalized, chosen);
    }

    /** The normalised score of detections (1 where the detector detected, else 0), exactly as given. */
    static double detected(List<Scored> detections, Profile profile) {
        return sweep(detections, profile, 1.0).normalized();
    }

    /**
     * One file's share of a corpus score: its raw score (false positives plus each window's reward or
     * miss) and its scored windows. Raw scores add up over files, so a subset's normalised score is
     * {@link #normalized(List, Profile)} of its files' parts: the cross-validation scores many subsets.
     */
    record Part(double raw, int windows) {}

    static Part part(Scored detections, Profile profile) {
        int prob = probation(detections.series().size());
        int windows = (int)
                detections.series().windows().stream().filter(w -> w[1] >= prob).count();
        return new Part(sweep(List.of(detections), profile, 1.0).raw(), windows);
    }

    static double normalized(List<Part> parts, Profile profile) {
        double raw = parts.stream().mapToDouble(Part::raw).sum();
        int windows = parts.stream().mapToInt(Part::windows).sum();
        double nullScore = -profile.fn() * windows;
        double perfect = profile.tp() * windows;
        return windows == 0 ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
    }

    /** The raw score at a fixed threshold (what a deployed detector with that threshold would get). */
    static double normalizedAt(List<Scored> files, Profile profile, double threshold) {
        List<Scored> binary = new ArrayList<>();
        for (Scored f : files) {
            double[] b = new double[f.scores().length];
            for (int i = 0; i < b.length; i++) {
                b[i] = f.scores()[i] >= threshold ? 1 : 0;
            }
            binary.add(new Scored(f.series(), b));
        }
        return sweep(binary, profile, 1.0).normalized();
    }
}
