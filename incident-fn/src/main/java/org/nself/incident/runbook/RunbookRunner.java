package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.lifecycle.Incident;
import org.nself.incident.lifecycle.IncidentDetails;
import org.nself.incident.lifecycle.IncidentRepository;
import org.nself.incident.timeline.Timeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an execution forward: note steps write their entry, manual steps wait for a person, HTTP steps
 * are called outside any transaction (the step is marked running first, so no other runner takes it).
 * Steps run in order; a failed step stops the execution until it is skipped. Every step change goes on
 * the timeline in the transaction that makes it.
 */
@Singleton
record RunbookRunner(
        TransactionOperations<Connection> tx,
        Executions executions,
        IncidentRepository incidents,
        Timeline timeline,
        HttpStepCaller caller) {
    private static final Logger LOG = LoggerFactory.getLogger(RunbookRunner.class);
    static final String ACTOR = "runbook";

    private sealed interface Next {}

    private record Stop() implements Next {}

    private record Again() implements Next {}

    private record Call(StepDefinition.Http step, int position, Map<String, String> values) implements Next {}

    /** Creates an execution and writes its runbook_started entry (inside the caller's transaction). */
    UUID start(Connection c, String account, UUID incidentId, Runbook runbook, String trigger, String actor) {
        UUID id = executions.create(c, account, incidentId, runbook, trigger);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("execution_id", id.toString());
        data.put("runbook_id", runbook.id().toString());
        data.put("runbook_name", runbook.name());
        data.put("runbook_version", runbook.version());
        data.put("trigger", trigger);
        timeline.append(c, account, incidentId, "runbook_started", actor, true, null, data);
        return id;
    }

    /** Runs what can run now; never throws (the execution's state tells what happened). */
    void advanceQuietly(String account, UUID executionId) {
        try {
            advance(account, executionId);
        } catch (RuntimeException e) {
            LOG.warn("runbook execution {} could not advance: {}", executionId, e.getMessage());
        }
    }

    void advance(String account, UUID executionId) {
        for (int guard = 0; guard <= RunbookRequest.MAX_STEPS + 1; guard++) {
            Next next = tx.executeWrite(status -> step(status.getConnection(), account, executionId));
            if (next instanceof Stop) {
                return;
            }
            if (next instanceof Call call) {
                HttpStepCaller.Result result = caller.call(call.step(), call.values());
                tx.executeWrite(status -> {
                    record(status.getConnection(), account, executionId, call.position(), call.step(), result);
                    return null;
                });
            }
        }
    }

    private Next step(Connection c, String account, UUID executionId) {
        Optional<ExecutionView> locked = executions.lock(c, account, executionId);
        if (locked.isEmpty() || !locked.get().status().equals("running")) {
            return new Stop();
        }
        ExecutionView exec = locked.get();
        ExecutionView.Step current = exec.steps().stream()
                .filter(s -> !s.state().equals("completed") && !s.state().equals("skipped"))
                .findFirst()
                .orElse(null);
        if (current == null) {
            executions.setStatus(c, account, executionId, "completed");
            timeline.append(
                    c,
                    account,
                    exec.incidentId(),
                    "runbook_completed",
                    ACTOR,
                    true,
                    null,
                    Map.of("execution_id", executionId.toString(), "runbook_name", exec.runbookName()));
            return new Stop();
        }
        if (!current.state().equals("pending")) {
            return new Stop();
        }
        StepDefinition definition = StepDefinition.fromMap(current.definition());
        if (definition instanceof StepDefinition.Manual) {
            return new Stop();
        }
        Incident incident = incidents.find(c, account, exec.incidentId()).orElseThrow();
        Map<String, String> values = values(incident);
        if (definition instanceof StepDefinition.Note note) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", Template.render(note.message(), values, false));
            data.put("execution_id", executionId.toString());
            data.put("step_id", note.id());
            timeline.append(c, account, exec.incidentId(), "note", ACTOR, true, null, data);
            executions.setStep(c, account, executionId, current.position(), "completed", null, 1, ACTOR);
            stepEntry(c, account, exec, current, "completed", null);
            return new Again();
        }
        StepDefinition.Http http = (StepDefinition.Http) definition;
        executions.setStep(c, account, executionId, current.position(), "running", null, 0, ACTOR);
        stepEntry(c, account, exec, current, "running", null);
        return new Call(http, current.position(), values);
    }

    private void record(
            Connection c,
            String account,
            UUID executionId,
            int position,
            StepDefinition.Http step,
            HttpStepCaller.Result result) {
        ExecutionView exec = executions.lock(c, account, executionId).orElseThrow();
        ExecutionView.Step current = exec.steps().get(position);
        if (!current.state().equals("running")) {
            return; // a time-out job or a person settled it meanwhile
        }
        String state = result.ok() ? "completed" : "failed";
        executions.setStep(c, account, executionId, position, state, result.output(), result.attempts(), null);
        stepEntry(c, account, exec, current, state, result.output());
        if (!result.ok()) {
            executions.setStatus(c, account, executionId, "failed");
        }
    }

    /** Marks a step that ran too long as failed (its runner is gone). */
    void failStuck(Connection c, Executions.Stuck stuck) {
        ExecutionView exec =
                executions.lock(c, stuck.account(), stuck.executionId()).orElseThrow();
        ExecutionView.Step current = exec.steps().get(stuck.position());
        Map<String, Object> output = Map.of("error", "no result within the step's time limit");
        executions.setStep(
                c, stuck.account(), stuck.executionId(), stuck.position(), "failed", output, current.attempts(), null);
        stepEntry(c, stuck.account(), exec, current, "failed", output);
        executions.setStatus(c, stuck.account(), stuck.executionId(), "failed");
    }

    void stepEntry(
            Connection c,
            String account,
            ExecutionView exec,
            ExecutionView.Step step,
            String state,
            Map<String, Object> output) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("execution_id", exec.id().toString());
        data.put("runbook_name", exec.runbookName());
        data.put("step_id", step.id());
        data.put("step_name", step.name());
        data.put("kind", step.kind());
        data.put("state", state);
        if (output != null) {
            data.put("output", output);
        }
        timeline.append(c, account, exec.incidentId(), "runbook_step", ACTOR, true, null, data);
    }

    static Map<String, String> values(Incident i) {
        Map<String, String> v = new LinkedHashMap<>();
        IncidentDetails d = i.details();
        v.put("incident.id", i.id().toString());
        v.put("incident.ref", i.ref());
        v.put("incident.number", String.valueOf(i.number()));
        v.put("incident.title", d.title());
        v.put("incident.description", d.description());
        v.put("incident.severity", d.severity().name());
        v.put("incident.status", d.status().wire());
        v.put("incident.type", d.type() == null ? "" : d.type());
        v.put("incident.commander", d.commander() == null ? "" : d.commander());
        v.put("incident.source", i.source());
        d.labels().forEach((k, val) -> v.put("incident.labels." + k, val));
        return v;
    }
}
