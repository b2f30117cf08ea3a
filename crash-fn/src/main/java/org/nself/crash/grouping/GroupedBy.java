package org.nself.crash.grouping;

import java.util.Locale;

/** Which rule of the precedence produced a fingerprint. */
public enum GroupedBy {
    FINGERPRINT,
    STACKTRACE,
    EXCEPTION,
    MESSAGE,
    FALLBACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
