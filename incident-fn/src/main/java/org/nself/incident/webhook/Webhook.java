package org.nself.incident.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook target on the wire; the secret is shown once, when it is created. */
@Serdeable
record Webhook(
        UUID id,
        String url,
        String description,
        List<String> eventTypes,
        boolean enabled,
        @Nullable String secret,
        Instant createdAt,
        Instant updatedAt) {}
