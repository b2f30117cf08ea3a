package org.nself.incident.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored webhook target with its secret. */
record WebhookTarget(
        UUID id,
        String url,
        String secret,
        String description,
        List<String> eventTypes,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {
    Webhook view(boolean withSecret) {
        return new Webhook(id, url, description, eventTypes, enabled, withSecret ? secret : null, createdAt, updatedAt);
    }

    boolean wants(String eventType) {
        return eventTypes.isEmpty() || eventTypes.contains(eventType) || eventTypes.contains("*");
    }
}
