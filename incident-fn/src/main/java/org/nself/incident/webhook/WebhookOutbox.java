package org.nself.incident.webhook;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.incident.timeline.TimelineEntry;
import org.nself.incident.timeline.TimelineListener;
import org.nself.shared.json.JsonText;
import org.nself.shared.outbox.Outbox;

/**
 * Every timeline entry becomes one delivery per interested webhook, written in the entry's own
 * transaction: an event is announced if and only if its change committed. The event id is the
 * entry's id (the {@code webhook-id} header, stable across retries) and the payload carries its seq.
 */
@Singleton
record WebhookOutbox(WebhookTargets webhooks, IncidentRepository incidents, JsonText json) implements TimelineListener {
    @Override
    public void appended(Connection c, String account, TimelineEntry entry) {
        String type = "incident." + entry.kind();
        List<WebhookTarget> targets =
                webhooks.enabled(account).stream().filter(t -> t.wants(type)).toList();
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        incidents.find(c, account, entry.incidentId()).ifPresent(i -> data.put("incident", i.view()));
        data.put("entry", entry);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", entry.id().toString());
        payload.put("type", type);
        payload.put("timestamp", entry.createdAt());
        payload.put("account", account);
        payload.put("seq", entry.seq());
        payload.put("data", data);
        String body = json.write(payload);
        WebhookDelivery.OUTBOX.enqueue(
                c,
                targets.stream()
                        .map(t -> new Outbox.Message(
                                account,
                                entry.id(),
                                SignedWebhookTarget.NAME,
                                body,
                                Map.of(
                                        "webhook_id", t.id(),
                                        "event_type", type,
                                        "incident_id", entry.incidentId(),
                                        "seq", entry.seq())))
                        .toList());
    }
}
