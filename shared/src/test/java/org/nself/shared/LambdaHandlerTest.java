package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** The same request through API Gateway v1, v2 and the Netty server gets the same answer. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaHandlerTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    RestApiHandler v1;
    HttpApiHandler v2;

    @BeforeAll
    void handlers() {
        v1 = new RestApiHandler(context);
        v2 = new HttpApiHandler(context);
    }

    @AfterAll
    void close() {
        // the handlers share the test's context, which the test framework closes
    }

    @Test
    void anAuthenticatedListAnswersAlikeOnAllThreeRuntimes() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        TestHttp http = new TestHttp(server.getURL());
        http.send(
                "POST",
                "/api/v1/things",
                TestHttp.asAccount(account),
                "{\"name\":\"via-netty\",\"kind\":\"small\",\"weight\":2}");

        TestHttp.Response netty = http.get("/api/v1/things?limit=5", TestHttp.asAccount(account));
        LambdaEvents.Answer rest = LambdaEvents.answer(v1.handleRequest(
                LambdaEvents.v1("GET", "/api/v1/things?limit=5", TestHttp.asAccount(account), null), null));
        LambdaEvents.Answer httpApi = LambdaEvents.answer(v2.handleRequest(
                LambdaEvents.v2("GET", "/api/v1/things?limit=5", TestHttp.asAccount(account), null), null));

        assertThat(netty.status()).isEqualTo(200);
        assertThat(rest.status()).isEqualTo(200);
        assertThat(httpApi.status()).isEqualTo(200);
        assertThat(rest.body()).isEqualTo(netty.body()).contains("via-netty").contains("\"limit\":5");
        assertThat(httpApi.body()).isEqualTo(netty.body());
    }

    @Test
    void aPostThroughLambdaIsStoredForTheAccount() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        LambdaEvents.Answer created = LambdaEvents.answer(v1.handleRequest(
                LambdaEvents.v1(
                        "POST",
                        "/api/v1/things",
                        TestHttp.asAccount(account),
                        "{\"name\":\"via-lambda\",\"kind\":\"large\",\"weight\":3}"),
                null));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        try (var c = java.sql.DriverManager.getConnection(
                        org.nself.shared.testing.TestDatabase.get().jdbcUrl(),
                        org.nself.shared.testing.TestDatabase.get().username(),
                        org.nself.shared.testing.TestDatabase.get().password());
                var q = c.prepareStatement("SELECT count(*) FROM np_sharedtest_things WHERE source_account_id = ?")) {
            q.setString(1, account);
            try (var r = q.executeQuery()) {
                r.next();
                assertThat(r.getInt(1))
                        .as("committed, seen from another connection")
                        .isEqualTo(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(new TestHttp(server.getURL())
                        .get("/api/v1/things", TestHttp.asAccount(account))
                        .body())
                .contains("via-lambda");
    }

    @Test
    void refusalsAnswerAlikeOnAllThreeRuntimes() {
        TestHttp http = new TestHttp(server.getURL());
        TestHttp.Response netty = http.get("/api/v1/things", Map.of());
        LambdaEvents.Answer rest =
                LambdaEvents.answer(v1.handleRequest(LambdaEvents.v1("GET", "/api/v1/things", Map.of(), null), null));
        LambdaEvents.Answer httpApi =
                LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2("GET", "/api/v1/things", Map.of(), null), null));
        assertThat(netty.status()).isEqualTo(401);
        assertThat(rest.status()).isEqualTo(401);
        assertThat(httpApi.status()).isEqualTo(401);
        assertThat(rest.body()).contains("\"code\":\"UNAUTHORIZED\"");
        assertThat(httpApi.body()).contains("\"code\":\"UNAUTHORIZED\"");

        LambdaEvents.Answer badPage = LambdaEvents.answer(v2.handleRequest(
                LambdaEvents.v2("GET", "/api/v1/things?limit=0", TestHttp.asAccount("t-x"), null), null));
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.body()).contains("INVALID_REQUEST");
    }

    @Test
    void healthAnswersThroughBothEventVersions() {
        LambdaEvents.Answer rest =
                LambdaEvents.answer(v1.handleRequest(LambdaEvents.v1("GET", "/health", Map.of(), null), null));
        LambdaEvents.Answer httpApi =
                LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2("GET", "/health", Map.of(), null), null));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(httpApi.status()).isEqualTo(200);
        assertThat(rest.body()).contains("\"plugin\":\"nself-shared-test\"");
    }
}
