package org.nself.incident.webhook;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of np_incident_webhooks as stored: the event types as JSON text. */
@MappedEntity("np_incident_webhooks")
record WebhookRow(
        @Id UUID id,
        String url,
        String secret,
        String description,
        String eventTypes,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {}
