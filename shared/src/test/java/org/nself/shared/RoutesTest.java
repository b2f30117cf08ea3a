package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nself.shared.testing.AuthContract;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    @Test
    void theSharedModuleExposesExactlyHealthReadyAndAuthVerify() {
        // the test app's /api/v1/things routes come from src/test; nothing else may appear (no /beans, /routes,
        // /token_info …)
        assertThat(FunctionContract.routes(router).stream().map(Object::toString))
                .containsExactlyInAnyOrder(
                        "GET /api/v1/auth/verify",
                        "GET /api/v1/things",
                        "GET /api/v1/things/{id}",
                        "GET /health",
                        "GET /ready",
                        "POST /api/v1/ingest/things",
                        "POST /api/v1/things");
        FunctionContract.assertNoRouteOutsideTheApi(router);
    }

    @ParameterizedTest
    @EnumSource(AuthContract.Configuration.class)
    void everyManagementRouteRefusesForgedTokensInEveryConfiguration(AuthContract.Configuration configuration) {
        AuthContract.assertEveryManagementRouteUnder(configuration);
    }
}
