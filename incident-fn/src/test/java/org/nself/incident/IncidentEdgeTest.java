package org.nself.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.lambda.ScheduledJobHandler;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.InfraContract;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** What nself-incident-mgmt promises at its edge, on the Netty server and through its Lambda handlers. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentEdgeTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    Router router;

    @Inject
    java.util.List<ScheduledJob> jobs;

    @Test
    void healthNamesThePluginAndCountsEveryMigrationAsApplied() {
        TestHttp.Response health = new TestHttp(server.getURL()).get("/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"plugin\":\"nself-incident-mgmt\"");
        String applied = health.body().replaceAll(".*\"applied\":(\\d+).*", "$1");
        String expected = health.body().replaceAll(".*\"expected\":(\\d+).*", "$1");
        assertThat(Integer.parseInt(expected)).isPositive();
        assertThat(applied).isEqualTo(expected);
    }

    @Test
    void readyAnswers200WhenTheDatabaseAnswersAndMigrationsAreApplied() {
        TestHttp.Response ready = new TestHttp(server.getURL()).get("/ready", Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true");
    }

    @Test
    void noRouteLeaksOutsideTheApiAndEveryManagementRouteNeedsABearer() {
        FunctionContract.assertNoRouteOutsideTheApi(router);
        FunctionContract.assertBearerGuardsEveryManagementRoute(server, router);
    }

    @Test
    void bothLambdaEventVersionsAnswerAsTheServerDoes() {
        TestHttp http = new TestHttp(server.getURL());
        RestApiHandler v1 = new RestApiHandler(context);
        HttpApiHandler v2 = new HttpApiHandler(context);
        for (var headers : java.util.List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer " + PLUGIN_SECRET))) {
            TestHttp.Response netty = http.get("/api/v1/auth/verify", headers);
            LambdaEvents.Answer rest = LambdaEvents.answer(v1.handleRequest(LambdaEvents.v1("GET", "/api/v1/auth/verify", headers, null), null));
            LambdaEvents.Answer httpApi = LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2("GET", "/api/v1/auth/verify", headers, null), null));
            assertThat(rest.status()).isEqualTo(netty.status());
            assertThat(httpApi.status()).isEqualTo(netty.status());
        }
        LambdaEvents.Answer health = LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2("GET", "/health", Map.of(), null), null));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"plugin\":\"nself-incident-mgmt\"");
    }

    @Test
    void theScheduledHandlerRunsTheFunctionsJobsAndRefusesAnUnknownOne() {
        ScheduledJobHandler handler = new ScheduledJobHandler(context);
        Map<String, Object> ran = handler.execute(Map.of("detail-type", "Scheduled Event", "source", "aws.events"));
        assertThat(ran).containsKey("ran");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.execute(Map.of("job", "no-such-job")))
                .hasMessageContaining("no-such-job");
    }

    @Test
    void theSamTemplateDefinesThisFunctionsHandlersRoutesAndSchedulesExactly() {
        InfraContract.assertSamTemplateMatches("incident-fn", router, jobs);
    }

    @Test
    void theComposeFileRunsThisFunctionBehindNginxWithVariablesTheCodeReads() {
        InfraContract.assertComposeMatches("incident-fn", 3833);
    }
}
