package org.nself.crash.ingest;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import org.nself.shared.error.ApiException;

/** Reads request bodies as JSON trees; malformed JSON is a 400 {@code invalid_json}, never a 500. */
public final class JsonPayloads {
    /** The reason of a body that is not the JSON it must be, as shared's JSON readers count it. */
    private static final String INVALID_JSON = "invalid_json";

    private static final Argument<Object> ANY = Argument.of(Object.class);

    private JsonPayloads() {}

    public static Object read(JsonMapper json, byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid(INVALID_JSON, what, "is empty");
        }
        try {
            Object value = json.readValue(body, ANY);
            if (value == null) {
                throw ApiException.invalid(INVALID_JSON, what, "must be JSON");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalid(INVALID_JSON, what, "is not valid JSON");
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(JsonMapper json, byte[] body, String what) {
        if (read(json, body, what) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiException.invalid(INVALID_JSON, what, "must be a JSON object");
    }
}
