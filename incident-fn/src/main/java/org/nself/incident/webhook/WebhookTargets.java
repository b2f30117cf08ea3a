package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.json.JsonText;

/** Webhook targets to and from their rows; inside a caller's transaction its statements join it. */
@Singleton
record WebhookTargets(WebhookTargetRepository rows, JsonText json) {
    /** Stores the target as it now is and reads it back. */
    WebhookTarget store(String account, WebhookTarget t) {
        rows.store(account, t.id(), t.url(), t.secret(), t.description(), json.write(t.eventTypes()), t.enabled());
        return find(account, t.id()).orElseThrow();
    }

    /** False when there is no such webhook in the account. */
    boolean delete(String account, UUID id) {
        return rows.delete(account, id) == 1;
    }

    Optional<WebhookTarget> find(String account, UUID id) {
        return rows.find(account, id).map(this::target);
    }

    /** The target, its row locked until the transaction ends. */
    Optional<WebhookTarget> lock(String account, UUID id) {
        return rows.lock(account, id).map(this::target);
    }

    List<WebhookTarget> list(String account, int limit, long offset) {
        return rows.list(account, limit, offset).stream().map(this::target).toList();
    }

    /** The enabled targets of an account, oldest first. */
    List<WebhookTarget> enabled(String account) {
        return rows.enabled(account).stream().map(this::target).toList();
    }

    long count(String account) {
        return rows.count(account);
    }

    private WebhookTarget target(WebhookRow row) {
        return new WebhookTarget(
                row.id(),
                row.url(),
                row.secret(),
                row.description(),
                json.readStringList(row.eventTypes()),
                row.enabled(),
                row.createdAt(),
                row.updatedAt());
    }
}
