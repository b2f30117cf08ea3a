package org.nself.crash.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import org.nself.shared.json.JsonFields;
import org.nself.shared.limits.StorableValues;
import org.nself.shared.time.Rfc3339;

/**
 * Fields of Sentry payloads in the forms SDKs send them, read from a {@link JsonFields} and recorded in
 * its problems like its own reads: memory addresses, timestamps as text or epoch seconds, and numbers
 * by the rules the Sentry parsers have always had here (a whole number is one that a double holds
 * exactly, below 9·10¹⁵).
 */
public final class SentryValues {
    /** Seconds since the epoch of 3000-01-01: a larger number is no timestamp an SDK means. */
    private static final double MAX_EPOCH_SECONDS = 32_503_680_000d;

    private SentryValues() {}

    /** A memory address: a number or a string {@code 0x…} (hex) or decimal, up to 64 bits. */
    public static Long address(JsonFields f, String name) {
        Object value = f.raw(name);
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof String s) {
                String t = s.strip();
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    String hex = t.substring(2);
                    if (!hex.isEmpty()
                            && hex.length() <= 16
                            && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        return Long.parseUnsignedLong(hex, 16);
                    }
                } else if (!t.isEmpty() && t.length() <= 20 && t.chars().allMatch(Character::isDigit)) {
                    return Long.parseUnsignedLong(t);
                }
            } else if (value instanceof Integer || value instanceof Long) {
                return ((Number) value).longValue();
            } else if (value instanceof BigInteger big && big.signum() >= 0 && big.bitLength() <= 64) {
                return big.longValue();
            } else if (value instanceof BigDecimal dec && dec.signum() >= 0) {
                return dec.toBigIntegerExact().longValue();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the problem below
        }
        f.error(name, "must be an address: 0x-prefixed hex or a non-negative integer of at most 64 bits");
        return null;
    }

    /** RFC 3339 text (without a zone it is UTC, as some SDKs send it) or seconds since the epoch. */
    public static Instant timestamp(JsonFields f, String name) {
        Object value = f.raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds >= 0 && seconds < MAX_EPOCH_SECONDS) {
                return Instant.ofEpochMilli((long) (seconds * 1000)).truncatedTo(ChronoUnit.MILLIS);
            }
        } else if (value instanceof String s && s.length() <= 64) {
            Instant parsed = Rfc3339.tryParse(s).or(() -> utc(s)).orElse(null);
            if (parsed != null && StorableValues.isStorable(parsed)) {
                return parsed;
            }
            if (parsed != null) {
                f.error(name, StorableValues.OUT_OF_RANGE);
                return null;
            }
        }
        f.error(name, "must be an RFC 3339 timestamp or seconds since the epoch");
        return null;
    }

    /** A whole number in [min, max]. */
    public static Long integer(JsonFields f, String name, long min, long max) {
        Object value = f.raw(name);
        if (value == null) {
            return null;
        }
        Long parsed = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 63) {
            parsed = big.longValue();
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                parsed = (long) d;
            }
        }
        if (parsed == null) {
            f.error(name, "must be a whole number");
            return null;
        }
        if (parsed < min || parsed > max) {
            f.error(name, "must be between " + min + " and " + max);
            return null;
        }
        return parsed;
    }

    /** A finite number in [min, max]. */
    public static Double decimal(JsonFields f, String name, double min, double max) {
        Object value = f.raw(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            f.error(name, "must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            f.error(name, "must be between " + min + " and " + max);
            return null;
        }
        return d;
    }

    /**
     * A name (at most 16 characters) that {@code parse} knows: {@code absent} when the field is missing,
     * and when {@code parse} does not know it (recorded as "must be one of {@code names}").
     */
    public static <T> T oneOf(JsonFields f, String name, T absent, Function<String, Optional<T>> parse, String names) {
        String raw = f.string(name, 16, false);
        if (raw == null) {
            return absent;
        }
        Optional<T> parsed = parse.apply(raw);
        if (parsed.isEmpty()) {
            f.error(name, "must be one of " + names);
        }
        return parsed.orElse(absent);
    }

    private static Optional<Instant> utc(String s) {
        try {
            return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
