package org.nself.incident.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes and reads the JSONB columns. */
@Singleton
public final class Json {
    private final JsonMapper mapper;

    Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        try {
            return new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> readMap(String json) {
        return json == null ? Map.of() : (Map<String, Object>) read(json);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> readStringMap(String json) {
        return json == null ? Map.of() : (Map<String, String>) read(json);
    }

    @SuppressWarnings("unchecked")
    public List<String> readStringList(String json) {
        return json == null ? List.of() : (List<String>) read(json);
    }

    public Object read(String json) {
        try {
            return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
