package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/** Changes an incident under its row lock, refusing a stale If-Match; what follows the change runs after the commit. */
@Singleton
record PatchIncident(CommitThenRun transaction, IncidentRepository incidents, UpdateIncident updateIncident) {
    Incident patch(String account, UUID id, String ifMatch, PatchIncidentRequest request) {
        return transaction.write((c, afterCommit) -> {
            Incident before = incidents.lock(c, account, id).orElseThrow(() -> ApiException.notFound("incident"));
            if (ifMatch != null && !matches(ifMatch, before)) {
                throw new ApiException(
                        ErrorCode.PRECONDITION_FAILED,
                        "the incident changed since it was read (version " + before.version() + "); read it again");
            }
            Changed changed = updateIncident.apply(c, account, before, request.change(), request.actor());
            afterCommit.addAll(changed.afterCommit());
            return changed.incident();
        });
    }

    /** Whether an If-Match header names the incident's current ETag (or {@code *}); weak tags compare alike. */
    static boolean matches(String ifMatch, Incident incident) {
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(incident.etag())) {
                return true;
            }
        }
        return false;
    }
}
