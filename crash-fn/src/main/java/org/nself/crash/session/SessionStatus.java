package org.nself.crash.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Sentry session states; every state but {@code ok} ends the session. */
public enum SessionStatus {
    OK,
    EXITED,
    CRASHED,
    ABNORMAL,
    ERRORED;

    /** The wire names, for a query parameter's "one of". */
    public static final Set<String> WIRE_NAMES =
            Arrays.stream(values()).map(SessionStatus::wire).collect(Collectors.toUnmodifiableSet());

    public static Optional<SessionStatus> parse(String raw) {
        for (SessionStatus s : values()) {
            if (s.wire().equals(raw)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public boolean terminal() {
        return this != OK;
    }

    /** A session that ended so counts as crashed in release health. */
    public boolean crashed() {
        return this == CRASHED;
    }

    /** A session that ended so counts as abnormal (e.g. an app hang or a killed process). */
    public boolean abnormal() {
        return this == ABNORMAL;
    }

    /**
     * Whether the session counts as errored: it ended {@code errored}, or it reported errors and ended
     * neither crashed nor abnormal (those count under their own state instead).
     */
    public boolean errored(int errors) {
        return this == ERRORED || (!crashed() && !abnormal() && errors > 0);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
