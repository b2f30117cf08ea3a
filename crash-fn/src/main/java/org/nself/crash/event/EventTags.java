package org.nself.crash.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.shared.json.TextRule;
import org.nself.shared.limits.StorableValues;

/**
 * The tags of one event, as Sentry's tags panel knows them: the ones taken from the event itself
 * ({@link #FROM_EVENT}: level, release, environment, and os, device and app from {@code contexts}),
 * then the ones the app set ({@code tags}, an object or an array of {@code [key, value]} pairs).
 * Pure and permissive: a tag that breaks a limit is dropped with a {@link Problem} saying why, and the
 * event is kept (refusing a crash report for a tag loses the crash).
 *
 * @param values key to value, the event's tags first, then the app's in the order they came
 * @param dropped why tags were left out (at most {@link #MAX_DROPPED}), for the report view
 */
public record EventTags(Map<String, String> values, List<Problem> dropped) {
    /** Sentry's limits: a key is at most 32 of {@code [a-zA-Z0-9_.:-]}, a value 1 to 200 characters without a line break. */
    public static final int MAX_KEY = 32;

    public static final int MAX_VALUE = 200;
    /** Tags the app may set on one event; more are dropped. */
    public static final int MAX_APP_TAGS = 50;
    /** Problems kept of one event's tags. */
    public static final int MAX_DROPPED = 20;

    public static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_.:-]{1," + MAX_KEY + "}");
    /** Keys whose values come from the event itself: an app tag of that name is dropped (as Sentry overwrites it). */
    public static final List<String> FROM_EVENT =
            List.of("level", "release", "environment", "os.name", "os.version", "device.model", "app.version");

    public static final EventTags NONE = new EventTags(Map.of(), List.of());

    public EventTags {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        dropped = List.copyOf(dropped);
    }

    /** Why {@code key} is no tag key, or null when it is one. */
    public static String keyProblem(String key) {
        return KEY.matcher(key).matches() ? null : "must be 1 to " + MAX_KEY + " of the characters a-z A-Z 0-9 _ . : -";
    }

    /** Why {@code value} is no tag value, or null when it is one. */
    public static String valueProblem(String value) {
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            return "must be 1 to " + MAX_VALUE + " characters";
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return "must not contain a line break";
        }
        return StorableValues.textProblem(value);
    }

    /**
     * Reads the tags of a payload whose {@code level}, {@code release} and {@code environment} are read
     * already; {@code tags} and {@code contexts} are the payload's raw values (anything, or null).
     */
    static EventTags read(Level level, String release, String environment, Object contexts, Object tags) {
        Reader reader = new Reader();
        reader.fromEvent("level", level.wire(), "level");
        reader.fromEvent("release", release, "release");
        reader.fromEvent("environment", environment, "environment");
        if (contexts instanceof Map<?, ?> all) {
            Map<?, ?> os = reader.context(all, "os");
            reader.fromContext("os.name", os, "os", "name");
            reader.fromContext("os.version", os, "os", "version");
            reader.fromContext("device.model", reader.context(all, "device"), "device", "model");
            Map<?, ?> app = reader.context(all, "app");
            if (app.get("app_version") != null) {
                reader.fromContext("app.version", app, "app", "app_version");
            } else {
                reader.fromContext("app.version", app, "app", "app_build");
            }
        }
        if (tags instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                reader.fromApp(String.valueOf(e.getKey()), e.getValue(), null);
            }
        } else if (tags instanceof List<?> pairs) {
            for (int i = 0; i < pairs.size(); i++) {
                if (pairs.get(i) instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String key) {
                    reader.fromApp(key, pair.get(1), "tags[" + i + "]");
                } else {
                    reader.drop("tags[" + i + "]", "must be a [key, value] pair with a string key");
                }
            }
        }
        reader.summarizeOverLimit();
        return new EventTags(reader.values, reader.dropped);
    }

    /** Collects one event's tags and the problems of those it drops. */
    private static final class Reader {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<Problem> dropped = new ArrayList<>();
        private int appTags;
        private int overLimit;

        void fromEvent(String key, String value, String field) {
            if (value == null) {
                return;
            }
            String problem = valueProblem(value);
            if (problem != null) {
                drop(field, "is not kept as the tag " + key + ": it " + problem);
            } else {
                values.put(key, value);
            }
        }

        /** The context {@code name} of {@code contexts}; empty (with a problem) when it is no object. */
        Map<?, ?> context(Map<?, ?> contexts, String name) {
            Object context = contexts.get(name);
            if (context == null) {
                return Map.of();
            }
            if (!(context instanceof Map<?, ?> map)) {
                drop("contexts." + name, "must be an object: its tags are not kept");
                return Map.of();
            }
            return map;
        }

        void fromContext(String key, Map<?, ?> context, String contextName, String field) {
            Object raw = context.get(field);
            if (raw == null) {
                return;
            }
            String path = "contexts." + contextName + "." + field;
            String value = text(raw);
            if (value == null) {
                drop(path, "must be a string, number or boolean to be the tag " + key);
                return;
            }
            fromEvent(key, value, path);
        }

        /** An app tag; {@code at} names an array entry (null for the object form, which names the key). */
        void fromApp(String rawKey, Object rawValue, String at) {
            String keyProblem = keyProblem(rawKey);
            if (keyProblem != null) {
                drop(
                        at == null ? "tags" : at,
                        "the key \"" + shorten(rawKey) + "\" " + keyProblem + ": the tag is dropped");
                return;
            }
            String path = at == null ? "tags." + rawKey : at;
            if (rawValue == null) {
                return; // Sentry reads a null tag as no tag
            }
            if (FROM_EVENT.contains(rawKey)) {
                drop(path, "the tag " + rawKey + " is taken from the event: the app's value is dropped");
                return;
            }
            if (values.containsKey(rawKey)) {
                drop(path, "repeats the tag " + rawKey + ": the first value is kept");
                return;
            }
            String value = text(rawValue);
            String valueProblem = value == null ? "must be a string, number or boolean" : valueProblem(value);
            if (valueProblem != null) {
                drop(path, "the value " + valueProblem + ": the tag is dropped");
                return;
            }
            if (appTags == MAX_APP_TAGS) {
                overLimit++;
                return;
            }
            appTags++;
            values.put(rawKey, value);
        }

        void summarizeOverLimit() {
            if (overLimit > 0) {
                drop("tags", "at most " + MAX_APP_TAGS + " tags are kept: " + overLimit + " more dropped");
            }
        }

        void drop(String field, String message) {
            if (dropped.size() < MAX_DROPPED) {
                dropped.add(new Problem(field, message));
            }
        }

        /** Text as SDKs send tag values: a string (NUL characters dropped), a number or a boolean. */
        private static String text(Object raw) {
            if (raw instanceof String s) {
                return TextRule.DROP_NUL.apply(s);
            }
            if (raw instanceof Number || raw instanceof Boolean) {
                return raw.toString();
            }
            return null;
        }

        private static String shorten(String key) {
            String visible = key.length() > MAX_KEY ? key.substring(0, MAX_KEY) + "…" : key;
            // a problem is stored as jsonb and echoed: no NUL, no lone surrogate, no line break in it
            StringBuilder safe = new StringBuilder(visible.length());
            for (int i = 0; i < visible.length(); i++) {
                char c = visible.charAt(i);
                safe.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
            }
            return safe.toString();
        }
    }
}
