package org.nself.shared.limits;

import java.time.Instant;
import org.nself.shared.error.ApiException;

/**
 * What PostgreSQL can store, checked at the edge so that a refusal names its field instead of
 * surfacing as a database error: text without NUL (U+0000, which {@code text} and {@code jsonb}
 * refuse) and without unpaired surrogates (a JSON {@code "\ud800"} escape: {@code jsonb} refuses it,
 * and UTF-8 cannot encode it), and timestamps within RFC 3339's four-digit years. Java reads instants far beyond what
 * {@code timestamptz} holds (4713 BC to 294276 AD), and the driver cannot send years before 1.
 */
public final class StorableValues {
    /** The earliest instant accepted anywhere: year 1 (year 0 would be 1 BC to PostgreSQL). */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant accepted anywhere: the last millisecond of year 9999. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private StorableValues() {}

    public static boolean holdsNul(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '\u0000') {
                return true;
            }
        }
        return false;
    }

    /** The value, or 400 naming {@code field} when it holds a NUL character. */
    public static String requireNoNul(String field, String value) {
        if (value != null && holdsNul(value)) {
            throw ApiException.invalid(field, NUL);
        }
        return value;
    }

    /** The message of a text refused for a NUL character. */
    public static final String NUL = "must not contain NUL characters";

    /** The message of a text refused for an unpaired surrogate. */
    public static final String BROKEN_UNICODE = "must be valid Unicode (no unpaired surrogate)";

    /** Why PostgreSQL cannot store this text ({@link #NUL}, {@link #BROKEN_UNICODE}), or null when it can. */
    public static String textProblem(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return NUL;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return BROKEN_UNICODE;
                }
            } else if (Character.isLowSurrogate(c)) {
                return BROKEN_UNICODE;
            }
        }
        return null;
    }

    /** The value, or 400 naming {@code field} when PostgreSQL cannot store it as text. */
    public static String requireStorableText(String field, String value) {
        String problem = value == null ? null : textProblem(value);
        if (problem != null) {
            throw ApiException.invalid(field, problem);
        }
        return value;
    }

    /**
     * The first string (member name or value) of a parsed JSON tree (maps, lists, scalars) that
     * PostgreSQL cannot store, as a detail naming its path under {@code path}; null when all can be.
     */
    public static org.nself.shared.error.ApiError.Detail unstorableText(Object tree, String path) {
        if (tree instanceof CharSequence text) {
            String problem = textProblem(text);
            return problem == null ? null : new org.nself.shared.error.ApiError.Detail(path, problem);
        }
        if (tree instanceof java.util.Map<?, ?> map) {
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String problem = textProblem(key);
                if (problem != null) {
                    return new org.nself.shared.error.ApiError.Detail(path, "member names " + problem);
                }
                var inner = unstorableText(e.getValue(), path + "." + key);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (tree instanceof java.util.List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                var inner = unstorableText(list.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** 400 with the detail of {@link #unstorableText} when the tree holds a text PostgreSQL cannot store. */
    public static void requireStorableTree(Object tree, String path) {
        var detail = unstorableText(tree, path);
        if (detail != null) {
            throw ApiException.invalid(java.util.List.of(detail));
        }
    }

    public static boolean isStorable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** The instant, or 400 naming {@code field} when it is outside years 1 to 9999. */
    public static Instant requireStorable(String field, Instant instant) {
        if (instant != null && !isStorable(instant)) {
            throw ApiException.invalid(field, OUT_OF_RANGE);
        }
        return instant;
    }

    /** The message of a refused timestamp. */
    public static final String OUT_OF_RANGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";
}
