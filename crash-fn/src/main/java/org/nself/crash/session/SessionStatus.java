package org.nself.crash.session;

import java.util.Locale;
import java.util.Optional;

/** Sentry session states; every state but {@code ok} ends the session. */
public enum SessionStatus {
    OK,
    EXITED,
    CRASHED,
    ABNORMAL,
    ERRORED;

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

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
