package org.nself.shared.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.shared.error.ApiException;

/** The parsing and number rules behind {@link JsonFields}. */
final class JsonBody {
    /** The reason of a body that is not one JSON object. */
    static final String INVALID_JSON = "invalid_json";

    private JsonBody() {}

    /** The one JSON object a body must be, or 400 {@code invalid_json}. */
    static Map<String, Object> object(JsonMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid(INVALID_JSON, "body", "a JSON object is required");
        }
        Object parsed;
        try {
            parsed = mapper.readValue(body.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid(INVALID_JSON, "body", "is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw ApiException.invalid(INVALID_JSON, "body", "must be a JSON object");
        }
        return stringKeys(m);
    }

    /** The exact value of a whole JSON number, or null when it is not one. */
    static BigDecimal exactWhole(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (v instanceof BigDecimal dec) {
            return dec.signum() == 0 || dec.stripTrailingZeros().scale() <= 0 ? dec : null;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) ? new BigDecimal(d) : null;
        }
        return null;
    }

    /** A bound as people write it: {@code 0}, {@code 0.5}, {@code 1000000000}. */
    static String bound(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** The map itself when its keys are strings, as a parser's are; else a copy with string keys. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stringKeys(Map<?, ?> m) {
        boolean strings = true;
        for (Object key : m.keySet()) {
            strings &= key instanceof String;
        }
        if (strings) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
