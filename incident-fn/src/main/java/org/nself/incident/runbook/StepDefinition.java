package org.nself.incident.runbook;

import java.util.LinkedHashMap;
import java.util.Map;

/** One step of a runbook as defined (and as snapshotted into an execution). */
public sealed interface StepDefinition {
    String id();

    String name();

    String kind();

    /** The stored form. */
    Map<String, Object> toMap();

    /** A checklist item a person completes or skips. */
    record Manual(String id, String name, String description) implements StepDefinition {
        public String kind() {
            return "manual";
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = base(this);
            m.put("description", description);
            return m;
        }
    }

    /** Writes a timeline entry. */
    record Note(String id, String name, String message) implements StepDefinition {
        public String kind() {
            return "note";
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = base(this);
            m.put("message", message);
            return m;
        }
    }

    /** A call the service makes: method, URL, headers, body template, per-attempt timeout, retries. */
    record Http(
            String id,
            String name,
            String method,
            String url,
            Map<String, String> headers,
            String body,
            int timeoutMs,
            int retries)
            implements StepDefinition {
        public String kind() {
            return "http";
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = base(this);
            m.put("method", method);
            m.put("url", url);
            m.put("headers", headers);
            m.put("body", body);
            m.put("timeout_ms", timeoutMs);
            m.put("retries", retries);
            return m;
        }
    }

    private static Map<String, Object> base(StepDefinition s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", s.kind());
        m.put("name", s.name());
        return m;
    }

    /** Reads the stored form back. */
    @SuppressWarnings("unchecked")
    static StepDefinition fromMap(Map<String, Object> m) {
        String id = (String) m.get("id");
        String name = (String) m.get("name");
        return switch ((String) m.get("kind")) {
            case "manual" -> new Manual(id, name, (String) m.get("description"));
            case "note" -> new Note(id, name, (String) m.get("message"));
            case "http" ->
                new Http(
                        id,
                        name,
                        (String) m.get("method"),
                        (String) m.get("url"),
                        (Map<String, String>) m.getOrDefault("headers", Map.of()),
                        (String) m.get("body"),
                        ((Number) m.get("timeout_ms")).intValue(),
                        ((Number) m.get("retries")).intValue());
            default -> throw new IllegalStateException("unknown stored step kind " + m.get("kind"));
        };
    }
}
