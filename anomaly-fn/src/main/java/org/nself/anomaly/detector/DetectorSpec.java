package org.nself.anomaly.detector;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.algorithm.Params;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.source.Sources;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.shared.error.ApiError;
import org.nself.shared.limits.StorableValues;

/** A validated detector configuration (what create and patch accept). */
record DetectorSpec(
        String name,
        SourceConfig source,
        String algorithm,
        Map<String, Object> params,
        ThresholdConfig threshold,
        Integer scheduleSeconds,
        boolean enabled) {
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    static final String DEFAULT_ALGORITHM = "ensemble";

    static DetectorSpec validate(
            String name,
            Map<String, Object> source,
            String algorithm,
            Map<String, Object> params,
            Map<String, Object> threshold,
            Object schedule,
            Boolean enabled) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new Params.InvalidParams("name", "is required, at most 200 characters");
        }
        if (StorableValues.textProblem(name) != null) {
            throw new Params.InvalidParams("name", StorableValues.textProblem(name));
        }
        // stored as jsonb, which refuses NUL and unpaired surrogates: name the member instead
        for (var part : List.of(
                Map.entry("source", tree(source)),
                Map.entry("params", tree(params)),
                Map.entry("threshold", tree(threshold)))) {
            ApiError.Detail bad = StorableValues.unstorableText(part.getValue(), part.getKey());
            if (bad != null) {
                throw new Params.InvalidParams(bad.field(), bad.message());
            }
        }
        String algo = algorithm == null ? DEFAULT_ALGORITHM : algorithm;
        if (!Algorithms.NAMES.contains(algo)) {
            throw new Params.InvalidParams(
                    "algorithm",
                    "must be one of context, ensemble, holt_winters, mad, rcf, seasonal, threshold, zscore");
        }
        Map<String, Object> p = params == null ? Map.of() : params;
        Algorithms.create(algo, p); // validates the parameters
        SourceConfig src = Sources.parse(source);
        Integer seconds = parseSchedule(schedule);
        if (!(src instanceof SourceConfig.Push) && seconds == null) {
            throw new Params.InvalidParams("schedule", "a " + src.type() + " detector needs a schedule such as \"1m\"");
        }
        if (src instanceof SourceConfig.Push && seconds != null) {
            throw new Params.InvalidParams("schedule", "push detectors have no schedule");
        }
        return new DetectorSpec(
                name.strip(),
                src,
                algo,
                p,
                ThresholdConfig.parse(threshold, ThresholdConfig.defaultScoreFor(algo, p)),
                seconds,
                enabled == null || enabled);
    }

    private static Object tree(Map<String, Object> map) {
        return map == null ? Map.of() : map;
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
            throw new Params.InvalidParams("schedule", "must be a duration such as \"30s\", \"5m\", \"1h\"");
        }
        if (seconds < 10 || seconds > 86_400) {
            throw new Params.InvalidParams("schedule", "must be between 10s and 1d");
        }
        return (int) seconds;
    }
}
