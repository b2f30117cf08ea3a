package org.nself.incident.runbook;

import java.util.List;
import java.util.Map;
import org.nself.incident.lifecycle.Severity;

/**
 * Which incidents a runbook is for: every listed criterion must hold (types: one of; severities: one
 * of; labels: all key/value pairs present). A runbook with no criteria never attaches by itself; it
 * runs only on request.
 */
public record Applicability(List<String> types, List<Severity> severities, Map<String, String> labels) {
    public Applicability {
        types = List.copyOf(types);
        severities = List.copyOf(severities);
        labels = Map.copyOf(labels);
    }

    public boolean isEmpty() {
        return types.isEmpty() && severities.isEmpty() && labels.isEmpty();
    }

    public boolean matches(String type, Severity severity, Map<String, String> incidentLabels) {
        if (isEmpty()) {
            return false;
        }
        if (!types.isEmpty() && (type == null || !types.contains(type))) {
            return false;
        }
        if (!severities.isEmpty() && !severities.contains(severity)) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(incidentLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
