package org.nself.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Every route group answers through the API Gateway (REST, payload v1) handler. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaRoutesTest implements PostgresTest {
    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    RestApiHandler handler;
    final String account = "t-" + UUID.randomUUID().toString().substring(0, 12);

    @BeforeAll
    void handler() {
        handler = new RestApiHandler(context);
    }

    LambdaEvents.Answer call(String method, String path, String body) {
        return LambdaEvents.answer(
                handler.handleRequest(LambdaEvents.v1(method, path, TestHttp.asAccount(account), body), null));
    }

    LambdaEvents.Answer anonymous(String method, String path, Map<String, String> headers, String body) {
        return LambdaEvents.answer(handler.handleRequest(LambdaEvents.v1(method, path, headers, body), null));
    }

    @Test
    void crashIngestAndTheCrashesRoutesWorkThroughLambda() {
        String event = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"via lambda\"}";
        LambdaEvents.Answer ingested = anonymous(
                "POST",
                "/api/v1/ingest/crash",
                Map.of("X-App-Name", account, "Content-Type", "application/json"),
                event);
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        String groupId = (String) Api.json(json, ingested.body()).get("group_id");

        assertThat(call("GET", "/api/v1/crashes", null).body()).contains("via lambda");
        assertThat(call("GET", "/api/v1/crashes/" + groupId, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/crashes/" + groupId + "/reports", null).body())
                .contains("\"total\":1");
        assertThat(call("PATCH", "/api/v1/crashes/" + groupId, "{\"status\":\"resolved\"}")
                        .body())
                .contains("\"status\":\"resolved\"");
    }

    @Test
    void sessionIngestSessionsStatsAndReleasesWorkThroughLambda() {
        String session = "{\"sid\":\"" + UUID.randomUUID() + "\",\"init\":true,\"started\":\"" + Instant.now()
                + "\",\"status\":\"exited\",\"attrs\":{\"release\":\"l@1\"}}";
        LambdaEvents.Answer ingested = anonymous(
                "POST",
                "/api/v1/ingest/session",
                Map.of("X-App-Name", account, "Content-Type", "application/json"),
                session);
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);

        assertThat(call("GET", "/api/v1/sessions", null).body()).contains("\"total\":1");
        assertThat(call("GET", "/api/v1/stats?period=24h", null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/releases", null).status()).isEqualTo(200);
    }

    @Test
    void projectsAndTheSentryEnvelopeWorkThroughLambda() {
        LambdaEvents.Answer created = call("POST", "/api/v1/projects", "{\"name\":\"lambda\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, Object> project = Api.json(json, created.body());
        assertThat(call("GET", "/api/v1/projects", null).body()).contains("lambda");

        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/x-sentry-envelope");
        headers.put("X-Sentry-Auth", "Sentry sentry_key=" + project.get("public_key"));
        String envelope =
                "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"enveloped\"}\n";
        LambdaEvents.Answer answer = anonymous("POST", "/api/" + project.get("id") + "/envelope/", headers, envelope);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/crashes?q=enveloped", null).body()).contains("\"total\":1");
        assertThat(call("DELETE", "/api/v1/projects/" + project.get("id"), null).status())
                .isEqualTo(204);
    }
}
