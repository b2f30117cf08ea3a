package org.nself.shared.limits;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/**
 * Refuses a NUL character (raw or {@code %00}) anywhere in the path or the query with 400 naming the
 * place, before any handler binds it: PostgreSQL cannot take U+0000 in a parameter, so a NUL reaching
 * a query would be a database error. Runs after security, so an anonymous caller of a guarded route
 * still gets 401. Bodies are checked where they are read (each function's JSON readers).
 */
@ServerFilter("/**")
final class NulCharacterFilter implements Ordered {
    @RequestFilter
    @Nullable
    HttpResponse<?> refuseNul(HttpRequest<?> request) {
        List<ApiError.Detail> details = new ArrayList<>();
        String rawPath = request.getUri().getRawPath();
        if (rawPath != null && (holdsEncodedNul(rawPath) || StorableValues.holdsNul(request.getPath()))) {
            details.add(new ApiError.Detail("path", "must not contain NUL characters"));
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            String name = parameter.getKey();
            boolean nul = StorableValues.holdsNul(name);
            for (String value : parameter.getValue()) {
                nul |= value != null && StorableValues.holdsNul(value);
            }
            if (nul && details.size() < 10) {
                details.add(new ApiError.Detail(
                        StorableValues.holdsNul(name) ? "query" : name, "must not contain NUL characters"));
            }
        }
        if (details.isEmpty()) {
            return null;
        }
        String first = details.get(0).field();
        return ErrorResponses.of(
                ErrorCode.INVALID_REQUEST, "invalid " + first + ": must not contain NUL characters", details, Map.of());
    }

    private static boolean holdsEncodedNul(String raw) {
        return raw.indexOf('\u0000') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%00");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
