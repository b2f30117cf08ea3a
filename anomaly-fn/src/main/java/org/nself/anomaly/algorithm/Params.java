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
    private final Map<String, Object> values;
    private final String prefix;

    public Params(Map<String, Object> values) {
        this(values, "params");
    }

    public Params(Map<String, Object> values, String prefix) {
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        this.prefix = prefix;
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

    Params nested(Map<String, Object> map, String name) {
        return new Params(map, name);
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
