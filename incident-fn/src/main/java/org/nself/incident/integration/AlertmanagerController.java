package org.nself.incident.integration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.lifecycle.Changed;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.NewIncident;
import org.nself.incident.lifecycle.Status;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.tenancy.AccountId;

/**
 * Prometheus Alertmanager's webhook receiver. A firing group opens an incident (dedup key = groupKey)
 * or adds its new alerts to the open one; a resolved group resolves it. Configure Alertmanager with
 * {@code http_config.authorization} (the bearer) and {@code ?app=<account>} in the URL.
 */
@Controller("/api/v1/integrations/alertmanager")
@Secured(SecurityRule.IS_AUTHENTICATED)
class AlertmanagerController {
    static final String ACTOR = "alertmanager";
    private final TransactionOperations<Connection> tx;
    private final AlertIntake intake;
    private final JsonText json;

    AlertmanagerController(TransactionOperations<Connection> tx, AlertIntake intake, JsonText json) {
        this.tx = tx;
        this.intake = intake;
        this.json = json;
    }

    /** What a delivery did. */
    @Serdeable
    record Outcome(String status, String action, @Nullable UUID incidentId, @Nullable String ref, int alertsRecorded) {}

    @Post(consumes = MediaType.ALL)
    Outcome receive(AccountId account, @Nullable @Body String body) {
        AlertmanagerPayload payload = AlertmanagerPayload.read(JsonFields.parse(json.mapper(), body));
        String key = payload.dedupKey();
        record Result(Outcome outcome, List<Runnable> after) {}
        Result result = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            intake.lock(c, account.value(), key);
            Optional<Incident> open = intake.open(c, account.value(), key);
            List<Runnable> after = new ArrayList<>();
            boolean anyFiring = payload.alerts().stream().anyMatch(a -> "firing".equals(a.status()));
            String action;
            Incident incident;
            if (open.isEmpty()) {
                if (!anyFiring) {
                    return new Result(new Outcome("ok", "ignored", null, null, 0), after);
                }
                Changed opened = intake.openOrJoin(
                        c,
                        account.value(),
                        new NewIncident(
                                payload.title(),
                                payload.description(),
                                payload.severity(),
                                Status.TRIGGERED,
                                payload.commonLabels().get("type"),
                                payload.incidentLabels(),
                                null,
                                null,
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
            return new Result(new Outcome("ok", action, incident.id(), incident.ref(), recorded), after);
        });
        result.after().forEach(Runnable::run);
        return result.outcome();
    }
}
