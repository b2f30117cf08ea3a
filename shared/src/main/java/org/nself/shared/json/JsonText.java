package org.nself.shared.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Values to and from JSON text, for what is stored as JSON (JSONB columns, saved answers). The
 * text was written by the service itself, so a failure to read it is a fault, not a refusal.
 */
@Singleton
public record JsonText(JsonMapper mapper) {

    public String write(Object value) {
        try {
            return new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any JSON value as parsed (maps, lists, strings, numbers, booleans). */
    public Object read(String json) {
        try {
            return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object; empty for SQL NULL. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readMap(String json) {
        return json == null ? Map.of() : (Map<String, Object>) read(json);
    }

    /** An object of strings; empty for SQL NULL. */
    @SuppressWarnings("unchecked")
    public Map<String, String> readStringMap(String json) {
        return json == null ? Map.of() : (Map<String, String>) read(json);
    }

    /** An array of strings; empty for SQL NULL. */
    @SuppressWarnings("unchecked")
    public List<String> readStringList(String json) {
        return json == null ? List.of() : (List<String>) read(json);
    }
}
