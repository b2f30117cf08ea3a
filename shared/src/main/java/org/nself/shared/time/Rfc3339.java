package org.nself.shared.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/**
 * RFC 3339 timestamps, read and written in one place.
 *
 * <p>{@link #parse} reads exactly what {@link OffsetDateTime#parse} reads, with a fast path for the
 * common shape ({@code 2026-05-17T10:00:00Z}, optional fraction of 1 to 9 digits, {@code Z} or
 * {@code ±HH:MM}): anomaly ingest reads thousands per request and the formatter-based parser was a
 * sixth of its CPU. Anything else, valid or not, goes to {@link OffsetDateTime#parse}, so what is
 * accepted, refused and returned does not change.
 *
 * <p>{@link #format} writes the wire form: UTC with milliseconds, always ({@code 2026-05-17T10:00:00.000Z}).
 */
public final class Rfc3339 {
    /** The wire form; years outside 0–9999 carry a sign, as {@code uuuu} prints them. */
    public static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Characters {@link #formatTo} needs at most (a signed year of up to ten digits). */
    public static final int MAX_FORMATTED_LENGTH = 32;

    private Rfc3339() {}

    /** The instant, or {@link DateTimeParseException} as {@link OffsetDateTime#parse} throws it. */
    public static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant, or empty when the text is not RFC 3339. */
    public static Optional<Instant> tryParse(CharSequence text) {
        try {
            return Optional.of(parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A timestamp parameter or field that must be storable (years 1 to 9999): null when {@code raw} is
     * null; 400 naming {@code name} with {@code whenUnreadable} when it is not RFC 3339, or with
     * {@link StorableValues#OUT_OF_RANGE} when it is out of range.
     */
    public static Instant storable(String name, String raw, String whenUnreadable) {
        if (raw == null) {
            return null;
        }
        Instant parsed = tryParse(raw).orElseThrow(() -> ApiException.invalid(name, whenUnreadable));
        return StorableValues.requireStorable(name, parsed);
    }

    /** The wire form of {@code instant}: truncated to milliseconds, UTC, {@code Z}. */
    public static String format(Instant instant) {
        char[] buf = new char[MAX_FORMATTED_LENGTH];
        int length = formatTo(instant, buf);
        return new String(buf, 0, length);
    }

    /**
     * Writes {@link #format} of the instant into {@code buf} (at least {@link #MAX_FORMATTED_LENGTH}
     * long) and returns the length; for writers that avoid a string per timestamp.
     */
    public static int formatTo(Instant t, char[] buf) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            String s = MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
            s.getChars(0, s.length(), buf, 0);
            return s.length();
        }
        put(buf, 0, year, 4);
        buf[4] = '-';
        put(buf, 5, d.getMonthValue(), 2);
        buf[7] = '-';
        put(buf, 8, d.getDayOfMonth(), 2);
        buf[10] = 'T';
        put(buf, 11, d.getHour(), 2);
        buf[13] = ':';
        put(buf, 14, d.getMinute(), 2);
        buf[16] = ':';
        put(buf, 17, d.getSecond(), 2);
        buf[19] = '.';
        put(buf, 20, d.getNano() / 1_000_000, 3);
        buf[23] = 'Z';
        return 24;
    }

    private static void put(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static Instant fast(CharSequence s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || (i < n && isDigit(s.charAt(i)))) {
                return null;
            }
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The non-negative number in {@code s[from, from + count)}, or -1 when a character is not a digit. */
    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** For tests: whether the fast path read it (and what it read). */
    static Instant fastPathOf(String s) {
        return fast(s);
    }
}
