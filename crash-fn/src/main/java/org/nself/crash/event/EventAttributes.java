package org.nself.crash.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a crash report says about itself (Sentry's event attributes, the user reduced to an id and a
 * hashed key, its tags): the part of a {@link CrashEvent} that symbolication leaves as it is.
 */
public record EventAttributes(
        UUID eventId,
        Instant timestamp,
        String platform,
        Level level,
        String release,
        String dist,
        String environment,
        String userKey,
        String userId,
        String sessionId,
        List<String> fingerprint,
        EventTags tags) {

    public EventAttributes {
        fingerprint = List.copyOf(fingerprint);
    }
}
