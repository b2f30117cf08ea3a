package org.nself.incident.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/**
 * A JSON object from a request body, read field by field with bounds. Every problem is collected
 * with its JSON path, and {@link #validate()} refuses them all at once (400 with details).
 */
public final class JsonFields {
    private final Map<String, Object> map;
    private final String path;
    private final List<ApiError.Detail> errors;

    private JsonFields(Map<String, Object> map, String path, List<ApiError.Detail> errors) {
        this.map = map;
        this.path = path;
        this.errors = errors;
    }

    /** Parses a body that must be one JSON object. */
    public static JsonFields parse(JsonMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("body", "a JSON object is required");
        }
        Object parsed;
        try {
            parsed = mapper.readValue(body.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid("body", "is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        return new JsonFields(stringKeys(m), "", new ArrayList<>());
    }

    /** Wraps an already parsed object (for nested reads and tests). */
    public static JsonFields of(Map<String, Object> map) {
        return new JsonFields(map, "", new ArrayList<>());
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

    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public void error(String name, String message) {
        errors.add(new ApiError.Detail(field(name), message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Refuses the request if any read failed. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    public void rejectUnknown(Set<String> known) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                error(key, "is not a known field");
            }
        }
    }

    /** A string of at most {@code max} characters; null when absent or null (an error if required). */
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
        String unstorable = StorableValues.textProblem(s);
        if (unstorable != null) {
            error(name, unstorable);
            return null;
        }
        return s;
    }

    public Integer integer(String name, long min, long max) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            error(name, "must be a whole number");
            return null;
        }
        // compared as a double first: longValue() of a number beyond long wraps around (2^64 + 1 → 1)
        double d = n.doubleValue();
        if (d < min || d > max) {
            error(name, "must be between " + min + " and " + max);
            return null;
        }
        return (int) n.longValue();
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

    /** The earliest and latest instants a stored timestamp may take. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** An RFC 3339 timestamp between 1970 and 2200. */
    public Instant instant(String name) {
        Instant t = anyInstant(name);
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) {
            error(name, "must be between 1970 and 2200");
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
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            error(name, "must be an RFC 3339 timestamp");
            return null;
        }
    }

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
            if (StorableValues.textProblem(key) != null) {
                error(name, "keys " + StorableValues.textProblem(key));
                return null;
            }
            if (!(e.getValue() instanceof String s) || s.length() > maxValue) {
                error(name + "." + key, "must be a string of at most " + maxValue + " characters");
                return null;
            }
            if (StorableValues.textProblem(s) != null) {
                error(name + "." + key, StorableValues.textProblem(s));
                return null;
            }
            out.put(key, s);
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
            if (StorableValues.textProblem(s) != null) {
                error(name + "[" + i + "]", StorableValues.textProblem(s));
                return null;
            }
            out.add(s);
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
        return new JsonFields(stringKeys(m), field(name), errors);
    }

    /** An array of objects; null when absent. */
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
            out.add(new JsonFields(stringKeys(m), field(name) + "[" + i + "]", errors));
        }
        return out;
    }

    /**
     * Records an error and answers false when a raw JSON value holds a text PostgreSQL cannot store in
     * {@code jsonb} (NUL, an unpaired surrogate), naming the member.
     */
    public boolean storable(String name, Object raw) {
        var problem = StorableValues.unstorableText(raw, field(name));
        if (problem != null) {
            errors.add(problem);
            return false;
        }
        return true;
    }

    /** Any JSON value as parsed (maps, lists, strings, numbers, booleans). */
    public Object raw(String name) {
        return map.get(name);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
