package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.JsonText;

/**
 * Opens an incident by hand. With an Idempotency-Key, the key is claimed in the same transaction, so
 * a repeat replays the first answer (status and body as they were sent) instead of opening another.
 */
@Singleton
record CreateIncident(
        CommitThenRun transaction, OpenIncident openIncident, IdempotencyKeys idempotencyKeys, JsonText json) {
    /** The answer to send: its status and JSON body, and whether it replays an earlier one. */
    record Answer(int status, String body, boolean replayed) {}

    /** {@code body} is the request's text, which a repeat with the same key must match. */
    Answer create(String account, String idempotencyKey, String body, CreateIncidentRequest request) {
        return transaction.write((c, afterCommit) -> {
            if (idempotencyKey != null) {
                Optional<IdempotencyKeys.Stored> stored = idempotencyKeys.claim(c, account, idempotencyKey, body);
                if (stored.isPresent()) {
                    return new Answer(stored.get().status(), stored.get().body(), true);
                }
            }
            NewIncident incident = request.incident();
            Changed opened = openIncident
                    .open(c, account, incident, request.actor())
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.CONFLICT,
                            "an open incident already holds dedup_key '" + incident.dedupKey() + "'"));
            String view = json.write(opened.incident().view());
            if (idempotencyKey != null) {
                idempotencyKeys.store(c, account, idempotencyKey, 201, view);
            }
            afterCommit.addAll(opened.afterCommit());
            return new Answer(201, view, false);
        });
    }
}
