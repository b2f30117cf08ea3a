package org.nself.anomaly.detector;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.algorithm.Params;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.TextRule;
import org.nself.shared.limits.StorableValues;

/**
 * A validated detector configuration (what create, patch and preview accept). The rules of the
 * algorithms, thresholds and sources refuse a parameter with {@link Params.InvalidParams}; this is
 * where that becomes the 400 naming the field.
 */
public record DetectorSpec(
        String name,
        SourceConfig source,
        String algorithm,
        Map<String, Object> params,
        ThresholdConfig threshold,
        Integer scheduleSeconds,
        boolean enabled) {
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    static final String DEFAULT_ALGORITHM = "ensemble";

    /** Points a detector so configured learns from before it leaves {@code learning}. */
    long warmupPoints() {
        if (algorithm.equals("threshold")) {
            return threshold.warmupPoints();
        }
        Object learning = params.get("calibration_learning");
        long calibration = learning instanceof Number n ? n.longValue() : 300;
        return Math.max(calibration, threshold.warmupPoints());
    }

    public static DetectorSpec validate(
            String name,
            Map<String, Object> source,
            String algorithm,
            Map<String, Object> params,
            Map<String, Object> threshold,
            Object schedule,
            Boolean enabled) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.invalid("name", "is required, at most 200 characters");
        }
        if (TextRule.REFUSE.problem(name) != null) {
            throw ApiException.invalid("name", TextRule.REFUSE.problem(name));
        }
        // stored as jsonb, which refuses NUL and unpaired surrogates: name the member instead
        for (var part : List.of(
                Map.entry("source", tree(source)),
                Map.entry("params", tree(params)),
                Map.entry("threshold", tree(threshold)))) {
            ApiError.Detail bad = StorableValues.unstorableText(part.getValue(), part.getKey());
            if (bad != null) {
                throw ApiException.invalid(bad.field(), bad.message());
            }
        }
        String algo = algorithm == null ? DEFAULT_ALGORITHM : algorithm;
        if (!Algorithms.NAMES.contains(algo)) {
            throw ApiException.invalid(
                    "algorithm",
                    "must be one of context, ensemble, holt_winters, mad, rcf, seasonal, threshold, zscore");
        }
        Map<String, Object> p = params == null ? Map.of() : params;
        refusing(() -> Algorithms.create(algo, p)); // validates the parameters
        SourceConfig src = refusing(() -> SourceConfig.parse(source));
        Integer seconds = parseSchedule(schedule);
        if (!(src instanceof SourceConfig.Push) && seconds == null) {
            throw ApiException.invalid("schedule", "a " + src.type() + " detector needs a schedule such as \"1m\"");
        }
        if (src instanceof SourceConfig.Push && seconds != null) {
            throw ApiException.invalid("schedule", "push detectors have no schedule");
        }
        return new DetectorSpec(
                name.strip(), src, algo, p, threshold(threshold, algo, p), seconds, enabled == null || enabled);
    }

    /** {@code d} running another algorithm, parameters and threshold, validated as a change to them is (a preview). */
    public static DetectorSpec trying(
            Detector d, String algorithm, Map<String, Object> params, ThresholdConfig threshold) {
        return validate(
                d.spec().name(),
                d.spec().source().toMap(),
                algorithm,
                params,
                threshold.toMap(),
                scheduleText(d.spec().scheduleSeconds()),
                true);
    }

    /**
     * The threshold a client sent, with the default {@code score_threshold} and {@code cooldown_intervals}
     * of the algorithm it goes with.
     */
    public static ThresholdConfig threshold(
            Map<String, Object> threshold, String algorithm, Map<String, Object> params) {
        return refusing(() -> ThresholdConfig.parse(
                threshold,
                ThresholdConfig.defaultScoreFor(algorithm, params),
                ThresholdConfig.defaultCooldownIntervalsFor(algorithm, params)));
    }

    /**
     * A {@code sql} source runs its query against the service's database, where every account's rows live:
     * only the operator (plugin secret) may write one; a user of one account (JWT) gets 403.
     */
    void requireOperatorForSql(boolean operator) {
        if (source instanceof SourceConfig.Sql && !operator) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "a sql source queries the service's database across accounts; only the operator"
                            + " (plugin secret) may configure one");
        }
    }

    /** {@code "30s"}, {@code "5m"}, {@code "1h"}, {@code "1d"} or a number of seconds; 10 s to 1 day. */
    static Integer parseSchedule(Object schedule) {
        if (schedule == null) {
            return null;
        }
        long seconds;
        if (schedule instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            // beyond a long, longValue() wraps around (2^64 + 10 → 10): clamp so that the bound refuses it
            seconds = Math.abs(n.doubleValue()) > 1e15 ? Long.MAX_VALUE : n.longValue();
        } else if (schedule instanceof String s && s.matches("\\d{1,6}[smhd]")) {
            long v = Long.parseLong(s.substring(0, s.length() - 1));
            seconds = switch (s.charAt(s.length() - 1)) {
                case 's' -> v;
                case 'm' -> v * 60;
                case 'h' -> v * 3600;
                default -> v * 86_400;
            };
        } else {
            throw ApiException.invalid("schedule", "must be a duration such as \"30s\", \"5m\", \"1h\"");
        }
        if (seconds < 10 || seconds > 86_400) {
            throw ApiException.invalid("schedule", "must be between 10s and 1d");
        }
        return (int) seconds;
    }

    /** The wire and column form of a schedule: {@code "60s"}, or null for a push detector. */
    static String scheduleText(Integer seconds) {
        return seconds == null ? null : seconds + "s";
    }

    private static Object tree(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }

    /**
     * Runs the rules of the algorithms, thresholds or sources: a parameter they refuse answers 400
     * naming it, wherever a configuration is read (a detector stored before a bound was tightened
     * answers so until it is changed).
     */
    public static <T> T refusing(Supplier<T> rules) {
        try {
            return rules.get();
        } catch (Params.InvalidParams e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
    }
}
