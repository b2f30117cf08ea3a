package org.nself.crash.ingest;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import org.nself.shared.error.ApiException;

/** Reads request bodies as JSON trees; malformed JSON is a 400, never a 500. */
public final class JsonPayloads {
    private static final Argument<Object> ANY = Argument.of(Object.class);

    private JsonPayloads() {}

    public static Object read(JsonMapper json, byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid(what, "is empty");
        }
        try {
            Object value = json.readValue(body, ANY);
            if (value == null) {
                throw ApiException.invalid(what, "must be JSON");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalid(what, "is not valid JSON");
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(JsonMapper json, byte[] body, String what) {
        if (read(json, body, what) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiException.invalid(what, "must be a JSON object");
    }
}
