package org.nself.crash.session;

import java.time.Instant;

/**
 * Pre-aggregated session counts for one started minute (Sentry's {@code sessions} item). {@code resendKey}
 * is the same for the same entry of the same payload, so a resent payload is recognised and not counted twice.
 */
public record SessionAggregate(
        Instant started,
        Long didHash,
        int exited,
        int errored,
        int abnormal,
        int crashed,
        String release,
        String environment,
        long resendKey) {}
