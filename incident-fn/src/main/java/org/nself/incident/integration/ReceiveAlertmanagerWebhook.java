package org.nself.incident.integration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.lifecycle.Changed;
import org.nself.incident.lifecycle.CommitThenRun;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentDetails;
import org.nself.incident.lifecycle.NewIncident;
import org.nself.incident.lifecycle.Status;
import org.nself.shared.tenancy.AccountId;

/**
 * One Alertmanager delivery in one transaction: a firing group opens an incident (dedup key = groupKey)
 * or adds its new alerts to the open one; a resolved group resolves it once none of its alerts fires.
 */
@Singleton
record ReceiveAlertmanagerWebhook(CommitThenRun transaction, AlertIntake intake) {
    static final String ACTOR = "alertmanager";

    /** What a delivery did. */
    @Serdeable
    record Outcome(String status, String action, @Nullable UUID incidentId, @Nullable String ref, int alertsRecorded) {}

    Outcome receive(AccountId account, AlertmanagerPayload payload) {
        String key = payload.dedupKey();
        return transaction.write((c, after) -> {
            intake.lock(c, account.value(), key);
            Optional<Incident> open = intake.open(c, account.value(), key);
            boolean anyFiring = payload.alerts().stream().anyMatch(a -> "firing".equals(a.status()));
            String action;
            Incident incident;
            if (open.isEmpty()) {
                if (!anyFiring) {
                    return new Outcome("ok", "ignored", null, null, 0);
                }
                Changed opened = intake.openOrJoin(
                        c,
                        account.value(),
                        new NewIncident(
                                new IncidentDetails(
                                        payload.title(),
                                        payload.description(),
                                        payload.severity(),
                                        Status.TRIGGERED,
                                        payload.commonLabels().get("type"),
                                        payload.incidentLabels(),
                                        null,
                                        null),
                                "alertmanager",
                                key,
                                payload.alerts().stream()
                                        .filter(a -> a.startsAt() != null && "firing".equals(a.status()))
                                        .map(AlertmanagerPayload.Alert::startsAt)
                                        .filter(t -> t.isBefore(java.time.Instant.now()))
                                        .min(java.util.Comparator.naturalOrder())
                                        .orElse(null),
                                null),
                        ACTOR);
                after.addAll(opened.afterCommit());
                incident = opened.incident();
                action = opened.modified() ? "opened" : "updated";
            } else {
                incident = open.get();
                action = "updated";
            }
            int recorded = 0;
            for (AlertmanagerPayload.Alert a : payload.alerts()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("source", "alertmanager");
                data.put("labels", a.labels());
                data.put("annotations", a.annotations());
                if (a.startsAt() != null) {
                    data.put("starts_at", a.startsAt().toString());
                }
                if (a.endsAt() != null) {
                    data.put("ends_at", a.endsAt().toString());
                }
                if (a.generatorUrl() != null) {
                    data.put("generator_url", a.generatorUrl());
                }
                if (intake.recordAlert(
                        c,
                        account.value(),
                        incident,
                        a.fingerprint(),
                        a.status(),
                        a.startsAt(),
                        a.endsAt(),
                        a.labels(),
                        data,
                        ACTOR)) {
                    recorded++;
                }
            }
            if ("resolved".equals(payload.status()) && intake.firing(c, account.value(), incident) == 0) {
                Changed resolved = intake.moveTo(c, account.value(), incident, Status.RESOLVED, ACTOR);
                after.addAll(resolved.afterCommit());
                if (resolved.modified()) {
                    action = "resolved";
                    incident = resolved.incident();
                }
            } else if (recorded == 0 && action.equals("updated")) {
                action = "unchanged";
            }
            return new Outcome("ok", action, incident.id(), incident.ref(), recorded);
        });
    }
}
