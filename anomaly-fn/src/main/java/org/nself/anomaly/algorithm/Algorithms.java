package org.nself.anomaly.algorithm;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The catalogue: builds an algorithm by name from its parameters, fresh or from stored state. */
public final class Algorithms {
    public static final Set<String> NAMES =
            Set.of("zscore", "mad", "seasonal", "holt_winters", "threshold", "rcf", "context", "ensemble");
    static final Set<String> CALIBRATION_KEYS = Set.of(
            "calibration_window",
            "calibration_short_window",
            "calibration_learning",
            "calibration_tail",
            "calibration_reference");

    private Algorithms() {}

    /** A new, untrained algorithm; throws {@link Params.InvalidParams} for bad parameters. */
    public static Algorithm create(String name, Map<String, Object> params) {
        return build(name, new Params(params), null);
    }

    /** The algorithm as it was when {@code state} was written with the same name and parameters. */
    public static Algorithm restore(String name, Map<String, Object> params, byte[] state) {
        StateIn in = new StateIn(state);
        return build(name, new Params(params), in);
    }

    public static byte[] stateOf(Algorithm algorithm) {
        StateOut out = new StateOut();
        algorithm.writeState(out);
        return out.toByteArray();
    }

    static Algorithm build(String name, Params p, StateIn restore) {
        return switch (name) {
            case "threshold" -> {
                p.allowOnly(StaticThreshold.KEYS);
                StaticThreshold t = new StaticThreshold(p);
                yield restore == null ? t : t.read(restore);
            }
            case "ensemble" -> {
                p.allowOnly(Ensemble.KEYS);
                yield new Ensemble(p, restore);
            }
            case "zscore" -> calibrated(p, ZScore.KEYS, restore, () -> new ZScore(p));
            case "mad" -> calibrated(p, Mad.KEYS, restore, () -> new Mad(p));
            case "seasonal" -> calibrated(p, Seasonal.KEYS, restore, () -> new Seasonal(p));
            case "holt_winters" -> calibrated(p, HoltWinters.KEYS, restore, () -> new HoltWinters(p));
            case "rcf" -> calibrated(p, Rcf.KEYS, restore, () -> new Rcf(p));
            case "context" -> calibrated(p, Context.KEYS, restore, () -> new Context(p));
            default ->
                throw new Params.InvalidParams(
                        "algorithm", "must be one of " + String.join(", ", new TreeSet<>(NAMES)));
        };
    }

    private static Algorithm calibrated(
            Params p, Set<String> keys, StateIn restore, java.util.function.Supplier<RawModel> model) {
        Set<String> allowed = new TreeSet<>(keys);
        allowed.addAll(CALIBRATION_KEYS);
        p.allowOnly(allowed);
        RawModel m = model.get();
        Calibrated c = new Calibrated(m, Likelihood.fromParams(p, m.nominal()));
        return restore == null ? c : c.read(restore);
    }
}
