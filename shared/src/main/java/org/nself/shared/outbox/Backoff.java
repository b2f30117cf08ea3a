package org.nself.shared.outbox;

import java.time.Duration;

/** When a failed outbound delivery is tried again: exponential from 10 s, capped at 1 h, for at most 10 attempts. */
public final class Backoff {
    public static final int MAX_ATTEMPTS = 10;
    private static final Duration FIRST = Duration.ofSeconds(10);
    private static final Duration CAP = Duration.ofHours(1);

    private Backoff() {}

    /** The wait after {@code attempts} failed attempts, or null when the delivery has failed for good. */
    public static Duration after(int attempts) {
        if (attempts >= MAX_ATTEMPTS) {
            return null;
        }
        Duration d = FIRST.multipliedBy(1L << Math.max(0, Math.min(attempts - 1, 20)));
        return d.compareTo(CAP) > 0 ? CAP : d;
    }
}
