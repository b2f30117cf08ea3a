package org.nself.shared.limits;

import java.time.Instant;
import org.nself.shared.error.ApiException;

/**
 * What PostgreSQL can store, checked at the edge so that a refusal names its field instead of
 * surfacing as a database error: text without NUL (U+0000, which {@code text} and {@code jsonb}
 * refuse), and timestamps within RFC 3339's four-digit years. Java reads instants far beyond what
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
            throw ApiException.invalid(field, "must not contain NUL characters");
        }
        return value;
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
