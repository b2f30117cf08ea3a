package org.nself.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What every function promises at its edge, checked over the routes it actually has, so a route
 * added later is covered without editing the test: no route outside {@code /health}, {@code /ready}
 * and {@code /api/}; every route not marked anonymous refuses a missing, wrong, foreign-signed or
 * unsigned token with 401; the plugin secret and a valid JWT get through, and nothing answers 500.
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

    public static void assertBearerGuardsEveryManagementRoute(EmbeddedServer server, Router router) {
        TestHttp http = new TestHttp(server.getURL());
        String foreign = Jwts.hs256(
                "another-key-that-is-also-32-bytes-long!!",
                Jwts.claims("t-contract", Instant.now().plusSeconds(300)));
        String unsigned = Jwts.unsigned(Jwts.claims("t-contract", Instant.now().plusSeconds(300)));
        String valid =
                Jwts.hs256(TEST_JWT_KEY, Jwts.claims("t-contract", Instant.now().plusSeconds(300)));
        List<Route> guarded =
                routes(router).stream().filter(r -> !r.anonymous()).toList();
        assertThat(guarded).as("management routes").isNotEmpty();
        for (Route route : guarded) {
            String method = route.method().name();
            String path = route.samplePath();
            byte[] body = route.method().permitsRequestBody() ? "{}".getBytes() : null;
            assertStatus(route, "no token", http.send(method, path, json(Map.of()), body), 401);
            assertStatus(
                    route,
                    "wrong token",
                    http.send(method, path, json(bearer("wrong-" + PostgresTest.PLUGIN_SECRET)), body),
                    401);
            assertStatus(route, "JWT of another key", http.send(method, path, json(bearer(foreign)), body), 401);
            assertStatus(route, "alg none", http.send(method, path, json(bearer(unsigned)), body), 401);
            for (String token : List.of(PostgresTest.PLUGIN_SECRET, valid)) {
                TestHttp.Response r = http.send(method, path, json(bearer(token)), body);
                assertThat(r.status())
                        .as(route + " with a valid bearer: " + r.body())
                        .isNotIn(401, 403)
                        .isLessThan(500);
            }
        }
    }

    private static void assertStatus(Route route, String what, TestHttp.Response response, int expected) {
        assertThat(response.status())
                .as(route + " with " + what + ": " + response.body())
                .isEqualTo(expected);
        assertThat(response.body()).as(route + " body").contains("\"code\":\"UNAUTHORIZED\"");
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.put("X-App-Name", "t-contract");
        return all;
    }
}
