package org.nself.anomaly.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One series of a detector (OpenSearch AD's entity): its label set and the canonical key it is stored
 * under, {@code name="value"} pairs sorted by name and joined by commas (Prometheus' own rendering), or
 * {@code sha256:<hex>} of that text when it is longer than {@value #MAX_KEY} characters. The empty label
 * set is the detector's default series, key {@code ""}.
 */
public record Entity(SortedMap<String, String> labels, String key) {
    public static final Entity DEFAULT = new Entity(Collections.emptySortedMap(), "");
    public static final int MAX_KEY = 512;
    public static final int MAX_LABELS = 32;
    public static final int MAX_NAME = 128;
    public static final int MAX_VALUE = 1024;
    public static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** A series whose labels cannot be stored as given (too many, too long, not a label name, NUL). */
    public static final class InvalidLabels extends IllegalArgumentException {
        InvalidLabels(String message) {
            super(message, null);
        }
    }

    public Entity {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static Entity of(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return DEFAULT;
        }
        if (labels.size() > MAX_LABELS) {
            throw new InvalidLabels("more than " + MAX_LABELS + " labels");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        StringBuilder key = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
                throw new InvalidLabels("label name " + abbreviated(name) + " is not [a-zA-Z_][a-zA-Z0-9_]*"
                        + " of at most " + MAX_NAME + " characters");
            }
            if (value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
                throw new InvalidLabels("label " + name + " has a value over " + MAX_VALUE + " characters or a NUL");
            }
            sorted.put(name, value);
            if (!key.isEmpty()) {
                key.append(',');
            }
            key.append(name).append("=\"").append(escaped(value)).append('"');
        }
        String text = key.toString();
        return new Entity(sorted, text.length() <= MAX_KEY ? text : "sha256:" + sha256(text));
    }

    public boolean isDefault() {
        return key.isEmpty();
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
