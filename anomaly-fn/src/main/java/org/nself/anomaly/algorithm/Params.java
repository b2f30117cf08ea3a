package org.nself.anomaly.algorithm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An algorithm's parameters as the user gave them (JSON object). Each getter states its default and
 * bounds; a value out of bounds or an unknown key is an {@link InvalidParams}.
 */
public final class Params {
    /**
     * The most heap one detector's model may take, all ensemble members and their calibration together
     * (estimated from the parameters before anything is allocated). Each parameter has its own bound
     * too; this one stops a combination of large ones (a forest of 200 trees of 2,048 shingles of 64,
     * five context models of a million contexts) from holding gigabytes per detector.
     */
    public static final long MAX_MODEL_BYTES = 32L << 20;

    private final Map<String, Object> values;
    private final String prefix;
    private final long[] modelBytes;

    public Params(Map<String, Object> values) {
        this(values, "params");
    }

    public Params(Map<String, Object> values, String prefix) {
        this(values, prefix, new long[1]);
    }

    private Params(Map<String, Object> values, String prefix, long[] modelBytes) {
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        this.prefix = prefix;
        this.modelBytes = modelBytes;
    }

    /**
     * Counts {@code bytes} of model against {@link #MAX_MODEL_BYTES} (shared with the nested parameters
     * of ensemble members); past it, {@code key} (the parameter that sizes this part) is refused.
     */
    void reserve(String key, long bytes) {
        modelBytes[0] += bytes;
        if (modelBytes[0] > MAX_MODEL_BYTES) {
            throw new InvalidParams(
                    prefix + "." + key,
                    "the detector's model would need about " + (modelBytes[0] >> 20) + " MiB; at most "
                            + (MAX_MODEL_BYTES >> 20) + " MiB for all members together (lower this or the"
                            + " other sizing parameters)");
        }
    }

    /** The model bytes reserved so far by these parameters and the ones they share a budget with. */
    long reservedBytes() {
        return modelBytes[0];
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public void allowOnly(Set<String> keys) {
        for (String key : values.keySet()) {
            if (!keys.contains(key)) {
                throw new InvalidParams(
                        prefix + "." + key,
                        "unknown parameter; allowed: "
                                + String.join(", ", keys.stream().sorted().toList()));
            }
        }
    }

    public double number(String key, double def, double min, double max) {
        Object v = values.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidParams(prefix + "." + key, "must be a number");
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw new InvalidParams(prefix + "." + key, "must be between " + fmt(min) + " and " + fmt(max));
        }
        return d;
    }

    public Double optionalNumber(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidParams(prefix + "." + key, "must be a finite number");
        }
        return n.doubleValue();
    }

    public int integer(String key, int def, int min, int max) {
        Object v = values.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidParams(prefix + "." + key, "must be a whole number");
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw new InvalidParams(prefix + "." + key, "must be between " + min + " and " + max);
        }
        return (int) d;
    }

    public String choice(String key, String def, Set<String> allowed) {
        Object v = values.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s) || !allowed.contains(s)) {
            throw new InvalidParams(
                    prefix + "." + key,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return s;
    }

    /** A list of nested parameter objects (the members of an ensemble). */
    public List<Map<String, Object>> objects(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidParams(prefix + "." + key, "must be a list of objects");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new InvalidParams(prefix + "." + key, "must be a list of objects");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            out.add(copy);
        }
        return out;
    }

    /** A member's parameters, sharing this one's model budget. */
    Params nested(Map<String, Object> map, String name) {
        return new Params(map, name, modelBytes);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A parameter the algorithm refuses; the HTTP edge answers 400 with the field. */
    public static final class InvalidParams extends RuntimeException {
        private final String field;

        public InvalidParams(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
