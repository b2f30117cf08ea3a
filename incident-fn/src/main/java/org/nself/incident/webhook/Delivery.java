package org.nself.incident.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** One entry of the delivery log. */
@Serdeable
record Delivery(
        UUID id,
        UUID webhookId,
        UUID eventId,
        String eventType,
        UUID incidentId,
        long seq,
        String status,
        int attempts,
        Instant nextAttemptAt,
        @Nullable Integer lastStatusCode,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant deliveredAt) {}
