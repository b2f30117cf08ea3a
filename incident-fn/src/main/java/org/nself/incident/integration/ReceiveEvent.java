package org.nself.incident.integration;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.incident.lifecycle.Changed;
import org.nself.incident.lifecycle.CommitThenRun;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentChange;
import org.nself.incident.lifecycle.IncidentDetails;
import org.nself.incident.lifecycle.NewIncident;
import org.nself.incident.lifecycle.Severity;
import org.nself.incident.lifecycle.Status;
import org.nself.shared.pagerduty.PagerDutyEvent;
import org.nself.shared.tenancy.AccountId;

/**
 * One Events API v2 event in one transaction: a trigger opens the incident with its dedup key (or joins the
 * open one, escalating it to a worse severity) and records the event; acknowledge and resolve move the open
 * incident, and do nothing when there is none.
 */
@Singleton
record ReceiveEvent(CommitThenRun transaction, AlertIntake intake) {
    static final String ACTOR = "events_api";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Returns the event's dedup key: its own, or a new one for a trigger without. */
    String receive(AccountId account, PagerDutyEvent event) {
        String key = event.dedupKey() != null ? event.dedupKey() : newKey();
        return transaction.write((c, work) -> {
            intake.lock(c, account.value(), key);
            Optional<Incident> open = intake.open(c, account.value(), key);
            switch (event.eventAction()) {
                case PagerDutyEvent.TRIGGER -> trigger(c, account.value(), key, event.payload(), open, work);
                case PagerDutyEvent.ACKNOWLEDGE ->
                    open.ifPresent(i -> work.addAll(intake.moveTo(c, account.value(), i, Status.ACKNOWLEDGED, ACTOR)
                            .afterCommit()));
                case PagerDutyEvent.RESOLVE ->
                    open.ifPresent(i -> work.addAll(intake.moveTo(c, account.value(), i, Status.RESOLVED, ACTOR)
                            .afterCommit()));
                default -> throw new IllegalStateException(event.eventAction());
            }
            return key;
        });
    }

    private void trigger(
            Connection c,
            String account,
            String key,
            PagerDutyEvent.Payload p,
            Optional<Incident> open,
            List<Runnable> work) {
        Severity severity = AlertmanagerPayload.severityOf(p.severity());
        Incident incident;
        if (open.isEmpty()) {
            Map<String, String> labels = new LinkedHashMap<>();
            putIfPresent(labels, "component", p.component());
            putIfPresent(labels, "group", p.group());
            putIfPresent(labels, "class", p.eventClass());
            labels.put("source", p.source());
            Instant time = p.time();
            Changed opened = intake.openOrJoin(
                    c,
                    account,
                    new NewIncident(
                            new IncidentDetails(
                                    p.summary().length() > 500 ? p.summary().substring(0, 500) : p.summary(),
                                    p.summary(),
                                    severity,
                                    Status.TRIGGERED,
                                    null,
                                    labels,
                                    null,
                                    null),
                            "events_api",
                            key,
                            time != null && time.isBefore(Instant.now()) ? time : null,
                            null),
                    ACTOR);
            work.addAll(opened.afterCommit());
            incident = opened.incident();
        } else {
            incident = open.get();
            if (severity.isWorseThan(incident.details().severity())) {
                Changed escalated = intake.change(
                        c,
                        account,
                        incident,
                        new IncidentChange(null, null, severity, null, null, false, null, null, false, null),
                        ACTOR);
                work.addAll(escalated.afterCommit());
                incident = escalated.incident();
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", "events_api");
        data.put("event_action", "trigger");
        data.put("summary", p.summary());
        data.put("severity", severity.name());
        if (p.customDetails() != null) {
            data.put("custom_details", p.customDetails());
        }
        intake.recordEvent(c, account, incident, data, ACTOR);
    }

    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }

    private static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
