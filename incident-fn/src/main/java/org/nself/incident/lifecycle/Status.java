package org.nself.incident.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an incident is in its life; the wire form is the lower-case name. */
public enum Status {
    TRIGGERED,
    ACKNOWLEDGED,
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED,
    CLOSED,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String lower = raw.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wire().equals(lower)).findFirst();
    }

    /** Open incidents still need work; only they collect alerts for their dedup key. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED && this != CANCELLED;
    }
}
