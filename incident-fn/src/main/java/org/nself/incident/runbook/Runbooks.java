package org.nself.incident.runbook;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.incident.lifecycle.Severity;
import org.nself.shared.json.JsonText;

/**
 * Runbooks to and from their rows: each store also records the version as it now is.
 * Inside a caller's transaction its statements join it.
 */
@Singleton
record Runbooks(RunbookRepository rows, JsonText json) {
    /** Stores the runbook as it now is (a new one at version 1) and records that version. */
    Runbook store(String account, Runbook r) {
        rows.store(
                account,
                r.id(),
                r.name(),
                r.description(),
                json.write(r.applicability().types()),
                json.write(severities(r)),
                json.write(r.applicability().labels()),
                json.write(r.steps().stream().map(StepDefinition::toMap).toList()),
                r.enabled());
        return saved(account, r.id());
    }

    /** False when there is no such runbook in the account. */
    boolean delete(String account, UUID id) {
        rows.deleteVersions(account, id);
        return rows.delete(account, id) == 1;
    }

    Optional<Runbook> find(String account, UUID id) {
        return rows.find(account, id).map(this::runbook);
    }

    /** The runbook, its row locked until the transaction ends. */
    Optional<Runbook> lock(String account, UUID id) {
        return rows.lock(account, id).map(this::runbook);
    }

    List<Runbook> list(String account, int limit, long offset) {
        return rows.list(account, limit, offset).stream().map(this::runbook).toList();
    }

    long count(String account) {
        return rows.count(account);
    }

    /** The enabled runbooks of an account, oldest first. */
    List<Runbook> enabled(String account) {
        return rows.enabled(account).stream().map(this::runbook).toList();
    }

    private Runbook saved(String account, UUID id) {
        Runbook stored = find(account, id).orElseThrow();
        Map<String, Object> definition = new LinkedHashMap<>();
        Runbook.View v = stored.view();
        definition.put("name", v.name());
        definition.put("description", v.description());
        definition.put("types", v.types());
        definition.put("severities", v.severities());
        definition.put("labels", v.labels());
        definition.put("steps", v.steps());
        definition.put("enabled", v.enabled());
        rows.saveVersion(account, stored.id(), stored.version(), json.write(definition));
        return stored;
    }

    private static List<String> severities(Runbook r) {
        return r.applicability().severities().stream().map(Severity::name).toList();
    }

    @SuppressWarnings("unchecked")
    private Runbook runbook(RunbookRow row) {
        List<Map<String, Object>> steps = (List<Map<String, Object>>) json.read(row.steps());
        return new Runbook(
                row.id(),
                row.name(),
                row.description(),
                new Applicability(
                        json.readStringList(row.types()),
                        json.readStringList(row.severities()).stream()
                                .map(Severity::valueOf)
                                .toList(),
                        json.readStringMap(row.labels())),
                steps.stream().map(StepDefinition::fromMap).toList(),
                row.enabled(),
                row.version(),
                row.createdAt(),
                row.updatedAt());
    }
}
