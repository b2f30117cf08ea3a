package org.nself.crash.session;

import java.time.Instant;

/** One session update (Sentry session semantics); {@code didHash} is 64 bits of SHA-256 of the device id. */
public record SessionUpdate(
        String sid,
        Long didHash,
        long seq,
        boolean init,
        Instant started,
        Instant timestamp,
        Double duration,
        SessionStatus status,
        int errors,
        String abnormalMechanism,
        String release,
        String environment,
        String userAgent) {}
