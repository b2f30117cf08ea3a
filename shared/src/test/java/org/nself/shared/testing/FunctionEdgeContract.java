package org.nself.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.lambda.ScheduledJobHandler;

/**
 * What every function promises at its edge, as JUnit tests a function's test class inherits by
 * implementing this interface (a {@code @MicronautTest(transactional = false)} class that injects the
 * server, context and router): health and readiness with migration counts, the route contract, Lambda
 * v1/v2 parity with the server, the scheduled handler, and infra/ kept true to the code.
 */
public interface FunctionEdgeContract extends PostgresTest {
    /** e.g. {@code crash-fn} */
    String module();

    /** e.g. {@code nself-crash} */
    String plugin();

    int defaultPort();

    EmbeddedServer server();

    ApplicationContext context();

    default Router router() {
        return context().getBean(Router.class);
    }

    default List<ScheduledJob> jobs() {
        return List.copyOf(context().getBeansOfType(ScheduledJob.class));
    }

    @Test
    default void healthNamesThePluginAndCountsEveryMigrationAsApplied() {
        TestHttp.Response health = new TestHttp(server().getURL()).get("/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"plugin\":\"" + plugin() + "\"");
        String applied = health.body().replaceAll(".*\"applied\":(\\d+).*", "$1");
        String expected = health.body().replaceAll(".*\"expected\":(\\d+).*", "$1");
        assertThat(Integer.parseInt(expected)).isPositive();
        assertThat(applied).isEqualTo(expected);
    }

    @Test
    default void readyAnswers200WhenTheDatabaseAnswersAndMigrationsAreApplied() {
        TestHttp.Response ready = new TestHttp(server().getURL()).get("/ready", Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true");
    }

    @Test
    default void listensOnItsOwnPortByDefault() {
        assertThat(context().getProperty("micronaut.server.port", Integer.class))
                .isPresent();
        assertThat(context().getEnvironment().getPropertySources().stream()
                        .filter(s -> s.getName().contains("application"))
                        .map(s -> s.get("micronaut.server.port"))
                        .filter(java.util.Objects::nonNull)
                        .map(String::valueOf))
                .contains(String.valueOf(defaultPort()));
    }

    @Test
    default void noRouteLeaksOutsideTheApi() {
        FunctionContract.assertNoRouteOutsideTheApi(router());
    }

    @ParameterizedTest
    @EnumSource(AuthContract.Configuration.class)
    default void everyManagementRouteRefusesForgedTokensAndKeepsJwtUsersInTheirAccount(
            AuthContract.Configuration configuration) {
        AuthContract.assertEveryManagementRouteUnder(configuration);
    }

    @Test
    default void bothLambdaEventVersionsAnswerAsTheServerDoes() {
        TestHttp http = new TestHttp(server().getURL());
        RestApiHandler v1 = new RestApiHandler(context());
        HttpApiHandler v2 = new HttpApiHandler(context());
        for (Map<String, String> headers :
                List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer " + PLUGIN_SECRET))) {
            TestHttp.Response netty = http.get("/api/v1/auth/verify", headers);
            LambdaEvents.Answer rest = LambdaEvents.answer(
                    v1.handleRequest(LambdaEvents.v1("GET", "/api/v1/auth/verify", headers, null), null));
            LambdaEvents.Answer httpApi = LambdaEvents.answer(
                    v2.handleRequest(LambdaEvents.v2("GET", "/api/v1/auth/verify", headers, null), null));
            assertThat(rest.status()).isEqualTo(netty.status());
            assertThat(httpApi.status()).isEqualTo(netty.status());
        }
        LambdaEvents.Answer health =
                LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2("GET", "/health", Map.of(), null), null));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"plugin\":\"" + plugin() + "\"");
    }

    @Test
    default void theScheduledHandlerKnowsTheFunctionsJobsAndRefusesAnUnknownOne() {
        ScheduledJobHandler handler = new ScheduledJobHandler(context());
        assertThatThrownBy(() -> handler.execute(Map.of("job", "no-such-job"))).hasMessageContaining("no-such-job");
        for (ScheduledJob job : jobs()) {
            assertThat(handler.execute(Map.of("job", job.schedule().name()))).containsKey("ran");
        }
    }

    @Test
    default void theSamTemplateDefinesThisFunctionsHandlersRoutesAndSchedulesExactly() {
        InfraContract.assertSamTemplateMatches(module(), router(), jobs());
    }

    @Test
    default void theComposeFileRunsThisFunctionBehindNginxWithVariablesTheCodeReads() {
        InfraContract.assertComposeMatches(module(), defaultPort());
    }
}
