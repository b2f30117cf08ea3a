package org.nself.incident.lifecycle;

import static org.nself.incident.lifecycle.IncidentFields.NAME_MAX;
import static org.nself.incident.lifecycle.IncidentFields.NOTE_MAX;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;

/** POST /api/v1/incidents/{id}/timeline: a person's entry; the other kinds are written by the service. */
@Serdeable
record TimelineNoteRequest(
        @NotBlank String kind,
        @NotBlank @Size(max = NOTE_MAX) String message,
        @Nullable Instant occurredAt,
        Map<String, Object> data,
        @NotBlank @Size(max = NAME_MAX) String actor) {
    static final Set<String> KINDS = Set.of("note", "action", "decision", "update");
    static final int DATA_MAX = 16_384;

    static TimelineNoteRequest read(JsonFields f, JsonText json) {
        f.rejectUnknown(Set.of("kind", "message", "occurred_at", "actor", "data"));
        String kind = f.string("kind", 40, false);
        if (kind != null && !KINDS.contains(kind)) {
            f.error("kind", "must be one of note, action, decision, update (the others are written by the service)");
        }
        String message = f.string("message", NOTE_MAX, true);
        Instant occurredAt = IncidentFields.instant(f, "occurred_at");
        Map<String, Object> data = data(f, json);
        String actor = IncidentFields.actor(f);
        f.validate();
        return new TimelineNoteRequest(kind == null ? "note" : kind, message, occurredAt, data, actor);
    }

    /** The entry's data: the request's {@code data} with its message. */
    Map<String, Object> entryData() {
        Map<String, Object> entry = new LinkedHashMap<>(data);
        entry.put("message", message);
        return entry;
    }

    private static Map<String, Object> data(JsonFields f, JsonText json) {
        Object data = f.raw("data");
        if (data == null) {
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> map)) {
            f.error("data", "must be an object");
            return Map.of();
        }
        if (!f.storable("data", map)) {
            return Map.of();
        }
        String serialized = json.write(map);
        if (serialized.length() > DATA_MAX) {
            f.error("data", "must be at most 16384 bytes of JSON");
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
