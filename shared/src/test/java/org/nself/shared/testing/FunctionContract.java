package org.nself.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What every function promises at its edge, checked over the routes it actually has, so a route
 * added later is covered without editing the test: no route outside {@code /health}, {@code /ready}
 * and {@code /api/}. What each route asks of its caller is checked by {@link AuthContract} over the same list.
 */
public final class FunctionContract {
    /** The HS256 key {@link PostgresTest} configures, so tests can mint valid JWTs. */
    public static final String TEST_JWT_KEY = "test-hs256-key-that-is-at-least-32-bytes-long";

    private FunctionContract() {}

    /** A route as "METHOD /path/{var}". */
    public record Route(HttpMethod method, String template, boolean anonymous) {
        String samplePath() {
            String path = template.replaceAll("\\{\\?[^}]*}", "")
                    .replaceAll("\\{[^}/]*}", UUID.randomUUID().toString());
            return path.isEmpty() ? "/" : path;
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    public static List<Route> routes(Router router) {
        return router.uriRoutes()
                .filter(r ->
                        r.getHttpMethod() != HttpMethod.HEAD) // Micronaut mirrors every GET; it has no body to check
                .map(FunctionContract::route)
                .distinct()
                .sorted(java.util.Comparator.comparing(Route::toString))
                .toList();
    }

    private static Route route(UriRouteInfo<?, ?> info) {
        List<String> rules =
                List.of(info.getTargetMethod().getAnnotationMetadata().stringValues(Secured.class));
        return new Route(
                info.getHttpMethod(), info.getUriMatchTemplate().toString(), rules.contains(SecurityRule.IS_ANONYMOUS));
    }

    public static void assertNoRouteOutsideTheApi(Router router) {
        List<String> outside = routes(router).stream()
                .map(Route::template)
                .filter(t -> !(t.equals("/health") || t.equals("/ready") || t.startsWith("/api/")))
                .collect(Collectors.toList());
        assertThat(outside)
                .as("routes outside /health, /ready and /api/ (leaked management endpoints?)")
                .isEmpty();
    }
}
