package org.nself.crash.session;

import java.time.Instant;

/** Pre-aggregated session counts for one started minute (Sentry's {@code sessions} item). */
public record SessionAggregate(
        Instant started,
        Long didHash,
        int exited,
        int errored,
        int abnormal,
        int crashed,
        String release,
        String environment) {}
