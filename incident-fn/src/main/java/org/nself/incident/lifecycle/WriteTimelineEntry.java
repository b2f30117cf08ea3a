package org.nself.incident.lifecycle;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.nself.incident.timeline.Timeline;
import org.nself.incident.timeline.TimelineEntry;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * A person's timeline entry, added or edited under the incident's row lock (which orders seq);
 * system entries are immutable.
 */
@Singleton
record WriteTimelineEntry(TransactionOperations<Connection> tx, IncidentRepository incidents, Timeline timeline) {
    TimelineEntry add(String account, UUID incidentId, TimelineNoteRequest note) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            incidents.lock(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            return timeline.append(
                    c, account, incidentId, note.kind(), note.actor(), false, note.occurredAt(), note.entryData());
        });
    }

    TimelineEntry edit(String account, UUID incidentId, long seq, TimelineEditRequest edit) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            incidents.lock(c, account, incidentId).orElseThrow(() -> ApiException.notFound("incident"));
            TimelineEntry existing = timeline.find(c, account, incidentId, seq)
                    .orElseThrow(() -> ApiException.notFound("timeline entry"));
            if (existing.system()) {
                throw new ApiException(ErrorCode.CONFLICT, "system timeline entries are immutable");
            }
            Map<String, Object> data = null;
            if (edit.message() != null) {
                data = new LinkedHashMap<>(existing.data());
                data.put("message", edit.message());
            }
            return timeline.edit(c, account, incidentId, seq, edit.occurredAt(), data);
        });
    }
}
