package org.nself.incident.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How bad an incident is; SEV1 is the worst. */
public enum Severity {
    SEV1,
    SEV2,
    SEV3,
    SEV4,
    SEV5;

    public static Optional<Severity> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String upper = raw.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(upper)).findFirst();
    }

    /** Whether this severity is worse than {@code other}. */
    public boolean isWorseThan(Severity other) {
        return ordinal() < other.ordinal();
    }
}
