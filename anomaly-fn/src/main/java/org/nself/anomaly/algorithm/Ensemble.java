package org.nself.anomaly.algorithm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ensemble}: several calibrated algorithms over the same points; the score is their maximum
 * ({@code combine: max}) or mean ({@code mean}), the expected value and band those of the first member.
 * With {@code context_boost} w > 0 (default 1) a calibrated {@link Context} model runs beside the
 * members and the combined score s becomes {@code 1 − (1 − s)^(1 + w × context score)}: a surprising
 * value in an unfamiliar sequence counts more than one in a pattern seen before, a value the members
 * find ordinary stays ordinary (s = 0 stays 0), and scores keep their order below 1.
 */
final class Ensemble implements Algorithm {
    static final Set<String> KEYS = Set.of("members", "combine", "context_boost");
    /** Chosen on the NAB dev subset (docs/benchmarks.md). */
    static final double DEFAULT_CONTEXT_BOOST = 1;

    /**
     * The calibration of the default members and of the context model (docs/benchmarks.md, NAB): rank
     * tails of the point and of the short average (no Gaussian assumption for either), on a scale of at
     * least 2,000 points while the history is shorter than the window.
     */
    static final Map<String, Object> CALIBRATION = Map.of("calibration_tail", "ranks", "calibration_reference", 2000);

    /**
     * Chosen on the NAB dev subset (docs/benchmarks.md): a forest over a short sample (64 points, so a
     * short memory) beside the seasonal model, the context model remembering the long run.
     */
    static final List<Map<String, Object>> DEFAULT_MEMBERS = List.of(
            Map.of("algorithm", "rcf", "params", withCalibration(Map.of("sample_size", 64))),
            Map.of("algorithm", "seasonal", "params", withCalibration(Map.of())));

    private static Map<String, Object> withCalibration(Map<String, Object> params) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(CALIBRATION);
        m.putAll(params);
        return Map.copyOf(m);
    }

    private final List<Algorithm> members = new ArrayList<>();
    private final boolean mean;
    private final double boost;
    private final Algorithm context;

    Ensemble(Params p, StateIn restore) {
        this.mean = p.choice("combine", "max", Set.of("max", "mean")).equals("mean");
        this.boost = p.number("context_boost", DEFAULT_CONTEXT_BOOST, 0, 10);
        List<Map<String, Object>> specs = p.objects("members");
        if (specs.isEmpty()) {
            specs = DEFAULT_MEMBERS;
        }
        if (specs.size() > 5) {
            throw new Params.InvalidParams("params.members", "at most 5 members");
        }
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> spec = specs.get(i);
            String field = "params.members[" + i + "]";
            for (String key : spec.keySet()) {
                if (!key.equals("algorithm") && !key.equals("params")) {
                    throw new Params.InvalidParams(field + "." + key, "unknown field; allowed: algorithm, params");
                }
            }
            if (!(spec.get("algorithm") instanceof String name)
                    || name.equals("ensemble")
                    || !Algorithms.NAMES.contains(name)) {
                throw new Params.InvalidParams(
                        field + ".algorithm",
                        "must be one of zscore, mad, seasonal, holt_winters, threshold, rcf, context");
            }
            Object raw = spec.get("params");
            if (raw != null && !(raw instanceof Map<?, ?>)) {
                throw new Params.InvalidParams(field + ".params", "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> memberParams = raw == null ? Map.of() : (Map<String, Object>) raw;
            members.add(Algorithms.build(name, p.nested(memberParams, field + ".params"), restore));
        }
        Algorithm contextModel = null;
        if (boost > 0) {
            try {
                contextModel = Algorithms.build("context", p.nested(CALIBRATION, "params.context"), restore);
            } catch (Params.InvalidParams e) {
                // the context model's size is fixed: only fewer or smaller members make room for it
                throw new Params.InvalidParams("params.members", e.getMessage());
            }
        }
        this.context = contextModel;
    }

    @Override
    public Estimate score(long t, double x, boolean learn) {
        Estimate first = null;
        double combined = 0;
        double raw = 0;
        for (Algorithm m : members) {
            Estimate e = m.score(t, x, learn);
            if (first == null) {
                first = e;
            }
            combined = mean ? combined + e.score() / members.size() : Math.max(combined, e.score());
            raw = Math.max(raw, e.raw());
        }
        if (context != null) {
            combined = 1
                    - Math.pow(
                            1 - combined, 1 + boost * context.score(t, x, learn).score());
        }
        return new Estimate(combined, raw, first.expected(), first.lower(), first.upper());
    }

    @Override
    public long seen() {
        return members.get(0).seen();
    }

    @Override
    public void writeState(StateOut out) {
        for (Algorithm m : members) {
            m.writeState(out);
        }
        if (context != null) {
            context.writeState(out);
        }
    }
}
