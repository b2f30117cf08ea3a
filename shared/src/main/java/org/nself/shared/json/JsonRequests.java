package org.nself.shared.json;

import io.micronaut.json.JsonMapper;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;

/**
 * Reads a request record from a body our code received as text (on both runtimes alike, whatever
 * the content type: Micronaut's binding would answer wrong types and unknown fields in its own words,
 * and differently under Lambda). The record's reader reads each field through {@link JsonFields} and
 * refuses every problem at once in the words of SPEC.md §1; the record's validation annotations are
 * then checked too, so a constraint a reader missed still refuses the request (snake_case field
 * names, as on the wire).
 */
@Singleton
public record JsonRequests(JsonMapper mapper, Validator validator) {

    /** The record {@code reader} makes of the body (one JSON object); unstorable text is refused. */
    public <T> T read(String body, Function<JsonFields, T> reader) {
        return read(body, TextRule.REFUSE, reader);
    }

    public <T> T read(String body, TextRule rule, Function<JsonFields, T> reader) {
        JsonFields fields = JsonFields.parse(mapper, body, rule, Problems.collecting());
        T request = reader.apply(fields);
        fields.validate();
        return checked(request);
    }

    /** The record, or 400 with one detail per constraint of its annotations it breaks. */
    public <T> T checked(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<ApiError.Detail> details = violations.stream()
                    .map(v -> new ApiError.Detail(snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(Comparator.comparing(ApiError.Detail::field))
                    .toList();
            throw ApiException.invalid(details);
        }
        return request;
    }

    static String snakeCase(String path) {
        StringBuilder out = new StringBuilder(path.length() + 4);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
