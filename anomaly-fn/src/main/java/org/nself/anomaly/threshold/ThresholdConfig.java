package org.nself.anomaly.threshold;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nself.anomaly.algorithm.Params;

/**
 * When a scored point is anomalous: its score reaches {@code scoreThreshold} on the allowed side, it is
 * far enough from the expected value in absolute and relative terms, the detector has seen
 * {@code warmupPoints}, and {@code minConsecutive} of the last {@code ofLast} points qualified (M of N).
 * A new anomaly does not open within {@code cooldownSeconds} of the previous one's end, nor within
 * {@code cooldownIntervals} sampling intervals of it (the interval as {@link ThresholdRule} estimates it
 * from the series' own timestamps).
 */
public record ThresholdConfig(
        double scoreThreshold,
        Direction direction,
        int minConsecutive,
        int ofLast,
        double minAbsDeviation,
        double minRelDeviation,
        long cooldownSeconds,
        int cooldownIntervals,
        int warmupPoints) {
    /** The default threshold, chosen on the NAB dev subset (docs/benchmarks.md). */
    public static final double DEFAULT_SCORE = 0.75;

    /** Each wire field and how it is read off a config, in wire order: {@link #KEYS} and {@link #toMap} come from here. */
    private static final List<Map.Entry<String, Function<ThresholdConfig, Object>>> WIRE = List.of(
            Map.entry("score_threshold", ThresholdConfig::scoreThreshold),
            Map.entry("direction", c -> c.direction().wire()),
            Map.entry("min_consecutive", ThresholdConfig::minConsecutive),
            Map.entry("of_last", ThresholdConfig::ofLast),
            Map.entry("min_abs_deviation", ThresholdConfig::minAbsDeviation),
            Map.entry("min_rel_deviation", ThresholdConfig::minRelDeviation),
            Map.entry("cooldown_seconds", ThresholdConfig::cooldownSeconds),
            Map.entry("cooldown_intervals", ThresholdConfig::cooldownIntervals),
            Map.entry("warmup_points", ThresholdConfig::warmupPoints));

    static final Set<String> KEYS = WIRE.stream().map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());

    /**
     * The default ensemble (no {@code members}) calibrates with rank tails of the point and of its short
     * average ({@code calibration_tail: ranks}, {@code calibration_reference} 2,000), whose scores run
     * higher than the other algorithms' default calibration: its NAB sweeps landed at 0.818 (standard,
     * low FN) and 0.842 (low FP) (docs/benchmarks.md).
     */
    public static final double DEFAULT_ENSEMBLE_SCORE = 0.82;

    /**
     * The default ensemble's {@code cooldown_intervals}: it suppresses its own repeats for 100 sampling
     * intervals after an anomaly ends, the rule NAB's scoring rewards (docs/benchmarks.md);
     * every other algorithm keeps 0, as before.
     */
    public static final int DEFAULT_ENSEMBLE_COOLDOWN_INTERVALS = 100;

    public static final ThresholdConfig DEFAULT = parse(Map.of());

    /** The default {@code score_threshold} for a detector running {@code algorithm} with {@code params}. */
    public static double defaultScoreFor(String algorithm, Map<String, Object> params) {
        return isDefaultEnsemble(algorithm, params) ? DEFAULT_ENSEMBLE_SCORE : DEFAULT_SCORE;
    }

    /** The default {@code cooldown_intervals} for a detector running {@code algorithm} with {@code params}. */
    public static int defaultCooldownIntervalsFor(String algorithm, Map<String, Object> params) {
        return isDefaultEnsemble(algorithm, params) ? DEFAULT_ENSEMBLE_COOLDOWN_INTERVALS : 0;
    }

    private static boolean isDefaultEnsemble(String algorithm, Map<String, Object> params) {
        return "ensemble".equals(algorithm) && (params == null || params.get("members") == null);
    }

    /** Reads the wire form; throws {@link Params.InvalidParams} naming the bad field. */
    public static ThresholdConfig parse(Map<String, Object> map) {
        return parse(map, DEFAULT_SCORE, 0);
    }

    /**
     * As {@link #parse(Map)}, with the default {@code score_threshold} and {@code cooldown_intervals} of
     * the detector's algorithm.
     */
    public static ThresholdConfig parse(Map<String, Object> map, double defaultScore, int defaultCooldownIntervals) {
        Params p = new Params(map == null ? Map.of() : map, "threshold");
        p.allowOnly(KEYS);
        int m = p.integer("min_consecutive", 1, 1, 64);
        int n = p.integer("of_last", m, 1, 64);
        if (n < m) {
            throw new Params.InvalidParams("threshold.of_last", "must be at least min_consecutive");
        }
        return new ThresholdConfig(
                p.number("score_threshold", defaultScore, 0, 1),
                Direction.valueOf(p.choice("direction", "both", Set.of("up", "down", "both"))
                        .toUpperCase(java.util.Locale.ROOT)),
                m,
                n,
                p.number("min_abs_deviation", 0, 0, Double.MAX_VALUE),
                p.number("min_rel_deviation", 0, 0, 1000),
                p.integer("cooldown_seconds", 0, 0, 30 * 86_400),
                p.integer("cooldown_intervals", defaultCooldownIntervals, 0, 100_000),
                p.integer("warmup_points", 0, 0, 1_000_000));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        WIRE.forEach(field -> m.put(field.getKey(), field.getValue().apply(this)));
        return m;
    }
}
