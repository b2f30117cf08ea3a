package org.nself.incident.runbook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nself.incident.lifecycle.Severity;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.JsonFields;
import org.nself.shared.outbound.OutboundPolicy;

/**
 * POST and PATCH /api/v1/runbooks: a definition, or on PATCH the parts it names (absent fields are
 * null; a PATCH replaces only the criteria it names). HTTP step URLs pass the SSRF policy here and
 * again at call time.
 */
@Serdeable
record RunbookRequest(
        @Nullable @Size(max = 200) String name,
        @Nullable @Size(max = TEXT_MAX) String description,
        @Nullable @Size(max = 20) List<String> types,
        @Nullable @Size(max = 5) List<Severity> severities,
        @Nullable @Size(max = 20) Map<String, String> labels,
        @Nullable @Size(min = 1, max = MAX_STEPS) List<StepDefinition> steps,
        @Nullable Boolean enabled) {
    static final int MAX_STEPS = 50;
    static final int TEXT_MAX = 5_000;
    static final int BODY_MAX = 65_536;
    private static final Set<String> FIELDS =
            Set.of("name", "description", "types", "severities", "labels", "steps", "enabled");
    private static final Set<String> STEP_FIELDS = Set.of(
            "id",
            "kind",
            "name",
            "description",
            "message",
            "method",
            "url",
            "headers",
            "body",
            "timeout_ms",
            "retries");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FORBIDDEN_HEADERS =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

    static RunbookRequest read(JsonFields f, OutboundPolicy outbound, boolean create) {
        f.rejectUnknown(FIELDS);
        String name = f.string("name", 200, create || f.has("name"));
        String description = f.string("description", TEXT_MAX, false);
        List<String> types = f.stringList("types", 20, 100);
        List<String> rawSeverities = f.stringList("severities", 5, 10);
        List<Severity> severities = null;
        if (rawSeverities != null) {
            severities = new ArrayList<>();
            for (String s : rawSeverities) {
                var parsed = Severity.parse(s);
                if (parsed.isEmpty()) {
                    f.error("severities", "must hold SEV1 to SEV5");
                } else {
                    severities.add(parsed.get());
                }
            }
        }
        Map<String, String> labels = f.stringMap("labels", 20, 100, 500);
        Boolean enabled = f.bool("enabled");
        List<StepDefinition> steps = null;
        if (create || f.has("steps")) {
            List<JsonFields> rawSteps = f.objects("steps", MAX_STEPS);
            if (rawSteps == null || rawSteps.isEmpty()) {
                if (!f.hasErrors() || rawSteps != null) {
                    f.error("steps", "at least one step is required");
                }
            } else {
                steps = steps(rawSteps, outbound);
            }
        }
        f.validate();
        if (types != null || severities != null || labels != null) {
            // a criterion named as null among others given is cleared, not kept
            types = types == null && f.has("types") ? List.of() : types;
            severities = severities == null && f.has("severities") ? List.of() : severities;
            labels = labels == null && f.has("labels") ? Map.of() : labels;
        }
        return new RunbookRequest(
                name == null ? null : name.strip(), description, types, severities, labels, steps, enabled);
    }

    /** The criteria of a new runbook: those named, the others empty. */
    Applicability applicability() {
        return new Applicability(
                types == null ? List.of() : types,
                severities == null ? List.of() : severities,
                labels == null ? Map.of() : labels);
    }

    /** The criteria after a PATCH: those it names replace the old ones. */
    Applicability applicability(Applicability old) {
        return new Applicability(
                types != null ? types : old.types(),
                severities != null ? severities : old.severities(),
                labels != null ? labels : old.labels());
    }

    private static List<StepDefinition> steps(List<JsonFields> raw, OutboundPolicy outbound) {
        List<StepDefinition> steps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonFields s = raw.get(i);
            s.rejectUnknown(STEP_FIELDS);
            String id = s.string("id", 64, false);
            if (id == null) {
                id = "step-" + (i + 1);
            } else if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                s.error("id", "must match [A-Za-z0-9_-]{1,64}");
            }
            if (!ids.add(id)) {
                s.error("id", "is used by another step");
            }
            String kind = s.string("kind", 20, true);
            String name = s.string("name", 200, true);
            if (kind == null || name == null) {
                continue;
            }
            switch (kind) {
                case "manual" ->
                    steps.add(new StepDefinition.Manual(id, name, s.string("description", TEXT_MAX, false)));
                case "note" -> steps.add(new StepDefinition.Note(id, name, s.string("message", TEXT_MAX, true)));
                case "http" -> steps.add(http(s, id, name, outbound));
                default -> s.error("kind", "must be one of manual, http, note");
            }
        }
        return steps;
    }

    private static StepDefinition.Http http(JsonFields s, String id, String name, OutboundPolicy outbound) {
        String method = s.string("method", 10, false);
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            s.error("method", "must be one of GET, POST, PUT, PATCH, DELETE");
        }
        String url = s.string("url", 2000, true);
        if (url != null) {
            try {
                outbound.check("url", url);
            } catch (ApiException e) {
                s.error(
                        "url",
                        e.details().isEmpty()
                                ? e.getMessage()
                                : e.details().get(0).message());
            }
        }
        Map<String, String> headers = s.stringMap("headers", 20, 100, 1000);
        if (headers != null) {
            for (String h : headers.keySet()) {
                if (FORBIDDEN_HEADERS.contains(h.toLowerCase(Locale.ROOT)) || !h.matches("[A-Za-z0-9-]+")) {
                    s.error("headers." + h, "cannot be set");
                }
            }
        }
        String body = s.string("body", BODY_MAX, false);
        Integer timeout = s.integer("timeout_ms", 100, 30_000);
        Integer retries = s.integer("retries", 0, 5);
        return new StepDefinition.Http(
                id,
                name,
                method,
                url,
                headers == null ? Map.of() : headers,
                body,
                timeout == null ? 5_000 : timeout,
                retries == null ? 2 : retries);
    }
}
