package org.nself.crash.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, bounded reads from a parsed JSON tree (maps, lists, strings, numbers, booleans), collecting
 * one {@link Problem} per bad field instead of stopping at the first.
 */
public final class JsonFields {
    /**
     * The timestamps a report may carry: RFC 3339's four-digit years, as shared's StorableValues (this
     * package stays free of the framework and shared): PostgreSQL cannot store what Java reads beyond.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final List<Problem> problems = new ArrayList<>();

    public List<Problem> problems() {
        return problems;
    }

    public void problem(String field, String message) {
        if (problems.size() < 50) {
            problems.add(new Problem(field, message));
        }
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        problem(path, "must be an object");
        return null;
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(Map<String, Object> parent, String key, String path, int max) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problem(path, "must be an array");
            return List.of();
        }
        if (list.size() > max) {
            problem(path, "must have at most " + max + " entries");
            return List.of();
        }
        return (List<Object>) list;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> asObject(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        problem(path, "must be an object");
        return null;
    }

    public String string(Map<String, Object> parent, String key, String path, int maxLength) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            problem(path, "must be a string");
            return null;
        }
        if (s.length() > maxLength) {
            problem(path, "must be at most " + maxLength + " characters");
            return null;
        }
        // PostgreSQL text cannot hold U+0000
        return s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }

    /** A string, or a number/boolean rendered as text (SDKs send release and ids both ways). */
    public String text(Map<String, Object> parent, String key, String path, int maxLength) {
        Object value = parent.get(key);
        if (value instanceof Number || value instanceof Boolean) {
            String s = value.toString();
            if (s.length() > maxLength) {
                problem(path, "must be at most " + maxLength + " characters");
                return null;
            }
            return s;
        }
        return string(parent, key, path, maxLength);
    }

    public Boolean bool(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem(path, "must be true or false");
        return null;
    }

    public Long integer(Map<String, Object> parent, String key, String path, long min, long max) {
        Object value = parent.get(key);
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
            problem(path, "must be a whole number");
            return null;
        }
        if (parsed < min || parsed > max) {
            problem(path, "must be between " + min + " and " + max);
            return null;
        }
        return parsed;
    }

    public Double decimal(Map<String, Object> parent, String key, String path, double min, double max) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            problem(path, "must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            problem(path, "must be between " + min + " and " + max);
            return null;
        }
        return d;
    }

    /** A memory address: a number or a string {@code 0x…} (hex) or decimal, up to 64 bits. */
    public Long address(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
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
        problem(path, "must be an address: 0x-prefixed hex or a non-negative integer of at most 64 bits");
        return null;
    }

    /** RFC 3339 text or seconds since the epoch (Sentry accepts both). */
    public Instant timestamp(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds >= 0 && seconds < 32_503_680_000d) {
                return Instant.ofEpochMilli((long) (seconds * 1000)).truncatedTo(ChronoUnit.MILLIS);
            }
        } else if (value instanceof String s && s.length() <= 64) {
            Instant parsed = null;
            try {
                parsed = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    // Sentry SDKs sometimes omit the zone: it is UTC then
                    parsed = java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException ignored) {
                    // falls through
                }
            }
            if (parsed != null && !parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST)) {
                return parsed;
            }
            if (parsed != null) {
                problem(path, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
                return null;
            }
        }
        problem(path, "must be an RFC 3339 timestamp or seconds since the epoch");
        return null;
    }
}
