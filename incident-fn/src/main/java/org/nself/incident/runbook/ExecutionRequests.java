package org.nself.incident.runbook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.nself.shared.json.JsonFields;

/** The request bodies of runbook executions. */
final class ExecutionRequests {
    private ExecutionRequests() {}

    /** POST …/runbooks/{runbookId}/executions: who starts it (the body is optional). */
    @Serdeable
    record Start(@Size(max = 200) String actor) {
        static final Start ANONYMOUS = new Start("api");

        static Start read(JsonFields f) {
            f.rejectUnknown(Set.of("actor"));
            String given = f.string("actor", 200, false);
            f.validate();
            return given == null ? ANONYMOUS : new Start(given);
        }
    }

    /** POST …/executions/{executionId}/steps/{stepId}: complete or skip a step. */
    @Serdeable
    record StepAction(
            @NotBlank @Pattern(regexp = "complete|skip") String action,
            @Nullable @Size(max = RunbookRequest.TEXT_MAX) String note,
            @Size(max = 200) String actor) {
        static StepAction read(JsonFields f) {
            f.rejectUnknown(Set.of("action", "note", "actor"));
            String action = f.string("action", 20, true);
            if (action != null && !action.equals("complete") && !action.equals("skip")) {
                f.error("action", "must be complete or skip");
            }
            String note = f.string("note", RunbookRequest.TEXT_MAX, false);
            String given = f.string("actor", 200, false);
            f.validate();
            return new StepAction(action, note, given == null ? "api" : given);
        }
    }
}
