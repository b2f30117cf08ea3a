package org.nself.shared.json;

import io.micronaut.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.nself.shared.limits.StorableValues;
import org.nself.shared.time.Rfc3339;

/**
 * One JSON object of an input, read field by field with bounds. Each getter answers the value, or
 * null when the field is absent, null or wrong; a wrong one is recorded in the {@link Problems} of the
 * whole input with its JSON path ({@code steps[2].url}), and {@link #validate()} refuses them all at
 * once. Text follows the reader's {@link TextRule}. Nested objects share the problems and the rule.
 */
public final class JsonFields {
    private final Map<String, Object> map;
    private final String path;
    private final Problems problems;
    private final TextRule rule;

    private JsonFields(Map<String, Object> map, String path, Problems problems, TextRule rule) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.rule = rule;
    }

    /** Parses a body that must be one JSON object; unstorable text is refused. */
    public static JsonFields parse(JsonMapper mapper, String body) {
        return parse(mapper, body, TextRule.REFUSE, Problems.collecting());
    }

    /** Parses a body that must be one JSON object (400 {@code invalid_json} otherwise). */
    public static JsonFields parse(JsonMapper mapper, String body, TextRule rule, Problems problems) {
        return new JsonFields(JsonBody.object(mapper, body), "", problems, rule);
    }

    /** Wraps an already parsed object at the root; unstorable text is refused. */
    public static JsonFields of(Map<?, ?> map) {
        return of(map, TextRule.REFUSE, Problems.collecting());
    }

    /** Wraps an already parsed object at the root of an input. */
    public static JsonFields of(Map<?, ?> map, TextRule rule, Problems problems) {
        return new JsonFields(JsonBody.stringKeys(map), "", problems, rule);
    }

    /** Another object of the same input at {@code path}, sharing problems and rule. */
    public JsonFields at(Map<?, ?> other, String path) {
        return new JsonFields(JsonBody.stringKeys(other), path, problems, rule);
    }

    public Map<String, Object> asMap() {
        return map;
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    public boolean isNull(String name) {
        return map.containsKey(name) && map.get(name) == null;
    }

    /** The JSON path of this object ({@code ""} at the root). */
    public String path() {
        return path;
    }

    /** The JSON path of one of its fields. */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Records a problem with the field {@code name} of this object. */
    public void error(String name, String message) {
        problems.add(field(name), message);
    }

    public Problems problems() {
        return problems;
    }

    public boolean hasErrors() {
        return !problems.isEmpty();
    }

    /** Refuses the input if any read failed. */
    public void validate() {
        problems.throwIfAny();
    }

    public void rejectUnknown(Set<String> known) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                problems.add(Problems.UNKNOWN_FIELD, field(key), "is not a known field");
            }
        }
    }

    /** Any JSON value as parsed (maps, lists, strings, numbers, booleans). */
    public Object raw(String name) {
        return map.get(name);
    }

    /** A string of at most {@code max} characters; null when absent or null (a problem if required). */
    public String string(String name, int max, boolean required) {
        Object v = map.get(name);
        if (v == null) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            error(name, "must be a string");
            return null;
        }
        if (required && s.isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        if (s.length() > max) {
            error(name, "must be at most " + max + " characters");
            return null;
        }
        return keep(name, s);
    }

    /** A string, or a number or boolean rendered as text (SDKs send releases and ids both ways). */
    public String text(String name, int max) {
        Object v = map.get(name);
        if (v instanceof Number || v instanceof Boolean) {
            String s = v.toString();
            if (s.length() > max) {
                error(name, "must be at most " + max + " characters");
                return null;
            }
            return s;
        }
        return string(name, max, false);
    }

    /** A whole number in [min, max] that fits an int. */
    public Integer integer(String name, long min, long max) {
        Long n = wholeNumber(name, Math.max(min, Integer.MIN_VALUE), Math.min(max, Integer.MAX_VALUE));
        return n == null ? null : n.intValue();
    }

    /** A whole number in [min, max] ({@code 2.0} is; {@code 2^64 + 1} is out of range, never 1). */
    public Long wholeNumber(String name, long min, long max) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        BigDecimal exact = JsonBody.exactWhole(v);
        if (exact == null) {
            error(name, "must be a whole number");
            return null;
        }
        if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(name, "must be between " + min + " and " + max);
            return null;
        }
        return exact.longValueExact();
    }

    /** A finite number in [min, max]. */
    public Double decimal(String name, double min, double max) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            error(name, "must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            error(name, "must be between " + JsonBody.bound(min) + " and " + JsonBody.bound(max));
            return null;
        }
        return d;
    }

    public Boolean bool(String name) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            error(name, "must be true or false");
            return null;
        }
        return b;
    }

    /** An RFC 3339 timestamp PostgreSQL can store (years 1 to 9999). */
    public Instant instant(String name) {
        return instant(name, StorableValues.EARLIEST, StorableValues.LATEST, StorableValues.OUT_OF_RANGE);
    }

    /** An RFC 3339 timestamp in [earliest, latest]; {@code outOfRange} is the problem otherwise. */
    public Instant instant(String name, Instant earliest, Instant latest, String outOfRange) {
        Instant t = anyInstant(name);
        if (t != null && (t.isBefore(earliest) || t.isAfter(latest))) {
            error(name, outOfRange);
            return null;
        }
        return t;
    }

    /** An RFC 3339 timestamp of any year (e.g. Alertmanager's 0001-01-01 for "no end"). */
    public Instant anyInstant(String name) {
        String s = string(name, 64, false);
        if (s == null) {
            return null;
        }
        Optional<Instant> parsed = Rfc3339.tryParse(s);
        if (parsed.isEmpty()) {
            error(name, "must be an RFC 3339 timestamp");
            return null;
        }
        return parsed.get();
    }

    /** A string that {@code parser} knows; {@code allowed} lists the choices in the problem. */
    public <E> E choice(String name, Function<String, Optional<E>> parser, String allowed, boolean required) {
        String s = string(name, 64, required);
        if (s == null) {
            return null;
        }
        Optional<E> parsed = parser.apply(s);
        if (parsed.isEmpty()) {
            error(name, "must be one of " + allowed);
            return null;
        }
        return parsed.get();
    }

    public Map<String, String> stringMap(String name, int maxEntries, int maxKey, int maxValue) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            error(name, "must be an object of strings");
            return null;
        }
        if (m.size() > maxEntries) {
            error(name, "must have at most " + maxEntries + " entries");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.isEmpty() || key.length() > maxKey) {
                error(name + "." + key, "keys must be 1 to " + maxKey + " characters");
                return null;
            }
            if (rule.problem(key) != null) {
                error(name, "keys " + rule.problem(key));
                return null;
            }
            if (!(e.getValue() instanceof String s) || s.length() > maxValue) {
                error(name + "." + key, "must be a string of at most " + maxValue + " characters");
                return null;
            }
            String kept = keep(name + "." + key, s);
            if (kept == null) {
                return null;
            }
            out.put(rule.apply(key), kept);
        }
        return out;
    }

    public List<String> stringList(String name, int maxItems, int maxLength) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            error(name, "must be an array of strings");
            return null;
        }
        if (list.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank() || s.length() > maxLength) {
                error(name + "[" + i + "]", "must be a non-blank string of at most " + maxLength + " characters");
                return null;
            }
            String kept = keep(name + "[" + i + "]", s);
            if (kept == null) {
                return null;
            }
            out.add(kept);
        }
        return out;
    }

    /** A nested object; null when absent. */
    public JsonFields object(String name) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            error(name, "must be an object");
            return null;
        }
        return new JsonFields(JsonBody.stringKeys(m), field(name), problems, rule);
    }

    /** An array of objects, refused whole when one item is not an object; null when absent. */
    public List<JsonFields> objects(String name, int maxItems) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            error(name, "must be an array of objects");
            return null;
        }
        if (list.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items");
            return null;
        }
        List<JsonFields> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                error(name + "[" + i + "]", "must be an object");
                return null;
            }
            out.add(new JsonFields(JsonBody.stringKeys(m), field(name) + "[" + i + "]", problems, rule));
        }
        return out;
    }

    /** An array of any values; empty when absent or refused. Read its items with {@link #item}. */
    public List<Object> array(String name, int maxItems) {
        Object v = map.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            error(name, "must be an array");
            return List.of();
        }
        if (list.size() > maxItems) {
            error(name, "must have at most " + maxItems + " entries");
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) list;
        return items;
    }

    /** Item {@code index} of the array {@code name} as an object; null (and a problem) when it is not one. */
    public JsonFields item(String name, int index, Object value) {
        String at = field(name) + "[" + index + "]";
        if (value instanceof Map<?, ?> m) {
            return new JsonFields(JsonBody.stringKeys(m), at, problems, rule);
        }
        problems.add(at, "must be an object");
        return null;
    }

    /** False, with a problem naming the member, when a raw value holds text {@code jsonb} refuses. */
    public boolean storable(String name, Object raw) {
        var problem = StorableValues.unstorableText(raw, field(name));
        if (problem != null) {
            problems.add(problem);
            return false;
        }
        return true;
    }

    /** The text to keep under the rule, or null after recording why it cannot be kept. */
    private String keep(String name, String s) {
        String problem = rule.problem(s);
        if (problem != null) {
            error(name, problem);
            return null;
        }
        return rule.apply(s);
    }
}
