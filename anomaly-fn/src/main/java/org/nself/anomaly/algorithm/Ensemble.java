package org.nself.anomaly.algorithm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ensemble}: several calibrated algorithms over the same points; the score is their maximum
 * ({@code combine: max}) or mean ({@code mean}), the expected value and band those of the first member.
 */
final class Ensemble implements Algorithm {
    static final Set<String> KEYS = Set.of("members", "combine");
    static final List<Map<String, Object>> DEFAULT_MEMBERS = List.of(
            Map.of("algorithm", "rcf", "params", Map.of()), Map.of("algorithm", "seasonal", "params", Map.of()));
    private final List<Algorithm> members = new ArrayList<>();
    private final boolean mean;

    Ensemble(Params p, StateIn restore) {
        this.mean = p.choice("combine", "max", Set.of("max", "mean")).equals("mean");
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
                        field + ".algorithm", "must be one of zscore, mad, seasonal, holt_winters, threshold, rcf");
            }
            Object raw = spec.get("params");
            if (raw != null && !(raw instanceof Map<?, ?>)) {
                throw new Params.InvalidParams(field + ".params", "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> memberParams = raw == null ? Map.of() : (Map<String, Object>) raw;
            members.add(Algorithms.build(name, new Params(memberParams, field + ".params"), restore));
        }
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
    }
}
