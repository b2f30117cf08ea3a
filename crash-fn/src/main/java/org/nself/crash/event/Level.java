package org.nself.crash.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Sentry event levels ({@code log}, {@code warn} and {@code critical} are accepted as aliases, as Sentry
 * does), in any case.
 */
public enum Level {
    DEBUG,
    INFO,
    WARNING,
    ERROR,
    FATAL;

    public static Optional<Level> parse(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "debug" -> Optional.of(DEBUG);
            case "info", "log" -> Optional.of(INFO);
            case "warning", "warn" -> Optional.of(WARNING);
            case "error" -> Optional.of(ERROR);
            case "fatal", "critical" -> Optional.of(FATAL);
            default -> Optional.empty();
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
