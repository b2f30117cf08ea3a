package org.nself.shared.outbox;

import java.util.UUID;

/**
 * One leased outbox row, as its {@link DeliveryTarget} sees it.
 *
 * @param id the delivery (the row)
 * @param messageId what it carries: the webhook-id, the same on every retry
 * @param body what is sent, or null when the target builds it as it sends
 * @param attempts the attempts so far, this one included
 */
public record Delivery(String account, UUID id, UUID messageId, String target, String body, int attempts) {}
