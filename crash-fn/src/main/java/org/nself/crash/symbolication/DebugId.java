package org.nself.crash.symbolication;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A debug identifier as Sentry and Breakpad write it: a UUID in lower-case hyphenated form, plus
 * {@code -<age>} in hex when the age (Windows PDB appendix) is not zero.
 */
public record DebugId(String value) {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-[0-9a-f]{1,8})?");
    private static final Pattern COMPACT = Pattern.compile("[0-9a-f]{32}([0-9a-f]{1,8})?");

    public DebugId {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw new IllegalArgumentException("not a canonical debug id: " + value);
        }
    }

    /**
     * Reads the forms a client may send: hyphenated with an optional {@code -age}, or compact (the
     * Breakpad form: 32 hex digits of UUID then the age in hex), in any case.
     */
    public static DebugId parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("debug id is missing");
        }
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (COMPACT.matcher(text).matches()) {
            long age = text.length() > 32 ? Long.parseLong(text.substring(32), 16) : 0;
            return of(text.substring(0, 32), age);
        }
        if (CANONICAL.matcher(text).matches()) {
            String uuid = text.substring(0, 36).replace("-", "");
            long age = text.length() > 36 ? Long.parseLong(text.substring(37), 16) : 0;
            return of(uuid, age);
        }
        throw new IllegalArgumentException("not a debug id: " + raw);
    }

    /** The id from 16 UUID bytes in network (big-endian) order and an age. */
    public static DebugId fromUuidBytes(byte[] uuid, long age) {
        if (uuid.length != 16) {
            throw new IllegalArgumentException("a UUID has 16 bytes, not " + uuid.length);
        }
        return of(hex(uuid), age);
    }

    /**
     * Sentry's rule for ELF: the first 16 bytes of the identifier (GNU build-id, or a hash of the text
     * section), zero-padded; for a little-endian file the first three UUID fields are byte-swapped, as if
     * the bytes were a GUID stored in the file's byte order. The age is zero.
     */
    public static DebugId fromElfIdentifier(byte[] identifier, boolean littleEndian) {
        byte[] data = new byte[16];
        System.arraycopy(identifier, 0, data, 0, Math.min(16, identifier.length));
        if (littleEndian) {
            reverse(data, 0, 4);
            reverse(data, 4, 6);
            reverse(data, 6, 8);
        }
        return fromUuidBytes(data, 0);
    }

    /** The Breakpad form used in {@code MODULE} records: 32 upper-case hex digits and the age in hex. */
    public String breakpad() {
        String uuid = value.substring(0, 36).replace("-", "").toUpperCase(Locale.ROOT);
        String age = value.length() > 36 ? value.substring(37).toUpperCase(Locale.ROOT) : "0";
        return uuid + age;
    }

    @Override
    public String toString() {
        return value;
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private static DebugId of(String uuidHex, long age) {
        String u = uuidHex;
        String canonical = u.substring(0, 8) + "-" + u.substring(8, 12) + "-" + u.substring(12, 16) + "-"
                + u.substring(16, 20) + "-" + u.substring(20, 32);
        return new DebugId(age == 0 ? canonical : canonical + "-" + Long.toHexString(age & 0xffffffffL));
    }

    private static void reverse(byte[] data, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            byte t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
    }
}
